import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '../../components/form';
import { PageHeading } from '../../components/page-heading';
import { api } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { useT } from '../../lib/use-t';
import { authApi } from './auth.api';
import { useSession } from './auth.store';

const auth = authApi(api);

/** Where the emailed link lands: the token is sent once, then taken out of the address bar. */
export function VerifyEmailPage() {
  const { t } = useT();
  const [params] = useSearchParams();
  const token = useRef(params.get('token'));
  const [state, setState] = useState<'working' | 'done' | 'failed'>(token.current ? 'working' : 'failed');
  // The failure, not its text: the message follows a language switch.
  const [error, setError] = useState<unknown>(null);
  const toMessage = useErrorMessage();
  const signedIn = useSession((s) => s.status === 'signedIn');
  const started = useRef(false);

  useEffect(() => {
    if (started.current || !token.current) return;
    started.current = true;
    window.history.replaceState(window.history.state, '', window.location.pathname);
    auth.verifyEmail(token.current).then(
      async () => {
        setState('done');
        // A signed-in user's access token still says "unverified": renew it.
        if (useSession.getState().status === 'signedIn') {
          useSession.getState().markEmailVerified();
          await api.refresh().catch(() => {});
        }
      },
      (err) => {
        setError(err);
        setState('failed');
      },
    );
  }, []);

  return (
    <>
      <PageHeading title={t('auth:verify.title')}>{t('auth:verify.title')}</PageHeading>
      {state === 'working' && <p role="status">{t('auth:verify.working')}</p>}
      {state === 'done' && <Alert kind="success">{t('auth:verify.done')}</Alert>}
      {state === 'failed' && (
        <Alert kind="error">{error ? toMessage(error) : t('errors:codes.invalid_token')}</Alert>
      )}
      <div className="auth-links">
        {signedIn ? (
          <Link to="/">{t('auth:verify.toDashboard')}</Link>
        ) : (
          <Link to="/sign-in">{t('auth:verify.toSignIn')}</Link>
        )}
      </div>
    </>
  );
}
