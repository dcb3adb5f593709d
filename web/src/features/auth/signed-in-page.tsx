import { Navigate, useSearchParams } from 'react-router';
import { PageHeading } from '../../components/page-heading';
import { safeReturnTo } from '../../lib/return-to';
import { useT } from '../../lib/use-t';
import { useSession } from './auth.store';

/**
 * Back from an external provider with the refresh cookie set: the start-up refresh (main.tsx) opens the
 * session; this page only waits for it and moves on.
 */
export function SignedInPage() {
  const { t } = useT();
  const [params] = useSearchParams();
  const status = useSession((s) => s.status);
  if (status === 'signedIn') return <Navigate to={safeReturnTo(params.get('returnTo'))} replace />;
  if (status === 'signedOut') return <Navigate to="/sign-in?error=oidc_failed" replace />;
  return (
    <>
      <PageHeading title={t('auth:external.title')}>{t('auth:external.title')}</PageHeading>
      <p role="status">{t('common:loading')}</p>
    </>
  );
}
