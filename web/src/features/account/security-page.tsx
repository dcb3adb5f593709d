import { PageHeading } from '../../components/page-heading';
import { useT } from '../../lib/use-t';
import { MfaSection } from './components/mfa-section';
import { PasswordSection } from './components/password-section';
import { SessionsSection } from './components/sessions-section';

/** Sign-in security: two-step sign-in, password, and the devices signed in. */
export function SecurityPage() {
  const { t } = useT();
  return (
    <>
      <PageHeading title={t('account:security.title')}>{t('account:security.title')}</PageHeading>
      <MfaSection />
      <SessionsSection />
      <PasswordSection />
    </>
  );
}
