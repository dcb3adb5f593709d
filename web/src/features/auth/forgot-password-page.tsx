import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, SubmitButton, TextField, useSubmit } from '../../components/form';
import { PageHeading } from '../../components/page-heading';
import { api } from '../../lib/api';
import { useT } from '../../lib/use-t';
import { authApi } from './auth.api';

const auth = authApi(api);

export function ForgotPasswordPage() {
  const { t } = useT();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const form = useSubmit();
  const submit = form.onSubmit(async () => {
    await auth.forgotPassword(email);
    setSent(true);
  });
  return (
    <>
      <PageHeading title={t('auth:forgot.title')}>{t('auth:forgot.title')}</PageHeading>
      {sent ? (
        // The same answer whether or not the account exists (no enumeration).
        <Alert kind="success">{t('auth:forgot.sent', { email })}</Alert>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <p>{t('auth:forgot.intro')}</p>
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
          <SubmitButton pending={form.pending}>{t('auth:forgot.submit')}</SubmitButton>
        </form>
      )}
      <div className="auth-links">
        <Link to="/sign-in">{t('auth:forgot.back')}</Link>
      </div>
    </>
  );
}
