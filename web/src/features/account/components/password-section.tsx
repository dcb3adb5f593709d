import { useState } from 'react';
import { Alert, SubmitButton, TextField, useSubmit } from '../../../components/form';
import { NewPasswordField } from '../../../components/password-field';
import { api } from '../../../lib/api';
import { useT } from '../../../lib/use-t';
import { authApi } from '../../auth/auth.api';

const auth = authApi(api);

export function PasswordSection() {
  const { t } = useT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState(false);
  const form = useSubmit();
  const submit = form.onSubmit(async () => {
    setDone(false);
    await auth.changePassword(current, next);
    setCurrent('');
    setNext('');
    setDone(true);
  });
  return (
    <section className="card" aria-labelledby="password-heading">
      <h2 id="password-heading">{t('account:password.title')}</h2>
      <form className="form" onSubmit={submit} noValidate>
        <Alert kind="error">{form.error}</Alert>
        {done && <Alert kind="success">{t('account:password.changed')}</Alert>}
        <TextField
          label={t('account:password.current')}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={form.fields.currentPassword}
        />
        <NewPasswordField
          label={t('account:password.new')}
          name="newPassword"
          value={next}
          onChange={setNext}
          error={form.fields.newPassword}
        />
        <div>
          <SubmitButton pending={form.pending}>{t('account:password.submit')}</SubmitButton>
        </div>
      </form>
    </section>
  );
}
