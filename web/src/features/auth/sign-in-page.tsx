import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, SubmitButton, TextField, useSubmit } from '../../components/form';
import { PageHeading } from '../../components/page-heading';
import { api, type OidcConfig } from '../../lib/api';
import { safeReturnTo } from '../../lib/return-to';
import { useT } from '../../lib/use-t';
import { authApi, oidcStartUrl } from './auth.api';
import { useSession } from './auth.store';
import { MfaStep } from './components/mfa-step';

const auth = authApi(api);

/** Email and password, then the authenticator step when MFA is on; or an external provider. */
export function SignInPage() {
  const { t } = useT();
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo'));
  // An external sign-in of an account with MFA comes back here with its challenge.
  const [challenge, setChallenge] = useState<string | null>(params.get('mfaChallenge'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [oidc, setOidc] = useState<OidcConfig | null>(null);
  const adopt = useSession((s) => s.adopt);
  const form = useSubmit();
  const oidcError = params.get('error');

  useEffect(() => {
    auth.oidcConfig().then(setOidc, () => setOidc(null));
  }, []);

  if (challenge) return <MfaStep challengeToken={challenge} onRestart={() => setChallenge(null)} />;

  const submit = form.onSubmit(async () => {
    const result = await auth.login(email, password);
    if ('mfaRequired' in result) setChallenge(result.challengeToken);
    else adopt(result);
  });

  return (
    <>
      <PageHeading title={t('auth:signIn.title')}>{t('auth:signIn.title')}</PageHeading>
      {params.get('deleted') && <Alert kind="success">{t('auth:signIn.deleted')}</Alert>}
      {oidcError && (
        <Alert kind="error">
          {t(`errors:oidc.${oidcError}`, { defaultValue: t('errors:oidc.oidc_failed') })}
        </Alert>
      )}
      <form className="form" onSubmit={submit} noValidate>
        <Alert kind="error">{form.error}</Alert>
        <TextField
          label={t('auth:fields.email')}
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={form.fields.email}
        />
        <TextField
          label={t('auth:fields.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={form.fields.password}
        />
        <SubmitButton pending={form.pending}>{t('auth:signIn.submit')}</SubmitButton>
      </form>
      {oidc?.enabled && (
        <>
          <p className="divider">{t('auth:signIn.or')}</p>
          <a className="button button--secondary button--block" href={oidcStartUrl(returnTo)}>
            {t('auth:signIn.external', { name: oidc.name ?? t('auth:signIn.externalDefault') })}
          </a>
        </>
      )}
      <div className="auth-links">
        <Link to="/forgot-password">{t('auth:signIn.forgot')}</Link>
        <Link to="/sign-up">{t('auth:signIn.noAccount')}</Link>
      </div>
    </>
  );
}
