import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, SubmitButton, useSubmit } from '../../components/form';
import { PageHeading } from '../../components/page-heading';
import { NewPasswordField } from '../../components/password-field';
import { api } from '../../lib/api';
import { useT } from '../../lib/use-t';
import { authApi } from './auth.api';

const auth = authApi(api);

export function ResetPasswordPage() {
  const { t } = useT();
  const [params] = useSearchParams();
  const token = useRef(params.get('token') ?? '');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const form = useSubmit();
  const submit = form.onSubmit(async () => {
    await auth.resetPassword(token.current, password);
    setDone(true);
  });
  return (
    <>
      <PageHeading title={t('auth:reset.title')}>{t('auth:reset.title')}</PageHeading>
      {done ? (
        <Alert kind="success">{t('auth:reset.done')}</Alert>
      ) : !token.current ? (
        <Alert kind="error">{t('errors:codes.invalid_token')}</Alert>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <Alert kind="error">{form.error}</Alert>
          <NewPasswordField
            label={t('auth:reset.newPassword')}
            name="password"
            value={password}
            onChange={setPassword}
            error={form.fields.password}
          />
          <SubmitButton pending={form.pending}>{t('auth:reset.submit')}</SubmitButton>
        </form>
      )}
      <div className="auth-links">
        <Link to="/sign-in">{done ? t('auth:reset.toSignIn') : t('auth:forgot.back')}</Link>
        {!done && <Link to="/forgot-password">{t('auth:reset.newLink')}</Link>}
      </div>
    </>
  );
}
