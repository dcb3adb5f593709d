import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, SubmitButton, TextField, useSubmit } from '../../components/form';
import { PageHeading } from '../../components/page-heading';
import { NewPasswordField } from '../../components/password-field';
import { api } from '../../lib/api';
import { isLanguage } from '../../lib/languages';
import { useT } from '../../lib/use-t';
import { authApi } from './auth.api';

const auth = authApi(api);

export function SignUpPage() {
  const { t, i18n } = useT();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useSubmit();
  const resend = useSubmit();
  const [resent, setResent] = useState(false);

  if (sentTo) {
    return (
      <>
        <PageHeading title={t('auth:signUp.checkEmailTitle')}>{t('auth:signUp.checkEmailTitle')}</PageHeading>
        <p>{t('auth:signUp.checkEmail', { email: sentTo })}</p>
        <Alert kind="error">{resend.error}</Alert>
        {resent && <Alert kind="success">{t('auth:signUp.resent')}</Alert>}
        <button
          type="button"
          className="button button--secondary button--block"
          disabled={resend.pending}
          onClick={() => void resend.run(() => auth.resendVerification(sentTo)).then(setResent)}
        >
          {t('auth:signUp.resend')}
        </button>
        <div className="auth-links">
          <Link to="/sign-in">{t('auth:signUp.toSignIn')}</Link>
        </div>
      </>
    );
  }

  const submit = form.onSubmit(async () => {
    const language = isLanguage(i18n.language) ? i18n.language : undefined;
    await auth.register({ email, password, displayName: displayName.trim() || undefined, language });
    setSentTo(email.trim());
  });

  return (
    <>
      <PageHeading title={t('auth:signUp.title')}>{t('auth:signUp.title')}</PageHeading>
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
          label={t('auth:fields.displayName')}
          name="displayName"
          autoComplete="name"
          hint={t('auth:fields.optional')}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          error={form.fields.displayName}
        />
        <NewPasswordField
          label={t('auth:fields.password')}
          name="password"
          value={password}
          onChange={setPassword}
          error={form.fields.password}
        />
        <SubmitButton pending={form.pending}>{t('auth:signUp.submit')}</SubmitButton>
      </form>
      <div className="auth-links">
        <Link to="/sign-in">{t('auth:signUp.haveAccount')}</Link>
      </div>
    </>
  );
}
