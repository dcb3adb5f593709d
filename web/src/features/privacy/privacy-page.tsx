import { PageHeading } from '../../components/page-heading';
import { useT } from '../../lib/use-t';
import { ConsentsSection } from './components/consents-section';
import { DeleteAccountSection } from './components/delete-account-section';
import { ExportSection } from './components/export-section';

/** GDPR in one place: what the user agreed to, a copy of their data, and leaving for good. */
export function PrivacyPage() {
  const { t } = useT();
  return (
    <>
      <PageHeading title={t('privacy:title')}>{t('privacy:title')}</PageHeading>
      <ConsentsSection />
      <ExportSection />
      <DeleteAccountSection />
    </>
  );
}
