import { useState } from 'react';
import { Dialog } from '../../../components/dialog';
import { Alert, SubmitButton, TextField, useSubmit } from '../../../components/form';
import { api } from '../../../lib/api';
import { useT } from '../../../lib/use-t';
import { accountApi } from '../../account/account.api';
import { useProfile } from '../../account/profile.store';
import { secondFactorProof } from '../../auth/auth.api';
import { useSession } from '../../auth/auth.store';

const account = accountApi(api);

/** Deleting the account needs the password, and the authenticator (or a recovery code) when MFA is on. */
export function DeleteAccountSection() {
  const { t } = useT();
  const mfa = useProfile((s) => s.profile?.mfaEnabled ?? false);
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const form = useSubmit();
  const submit = form.onSubmit(async () => {
    await account.deleteAccount({ password, ...(mfa ? secondFactorProof(code) : {}) });
    useProfile.getState().reset();
    useSession.getState().clear('deleted');
  });
  return (
    <section className="card" aria-labelledby="delete-heading">
      <h2 id="delete-heading">{t('privacy:delete.title')}</h2>
      <p>{t('privacy:delete.explained')}</p>
      <button type="button" className="button button--danger" onClick={() => setOpen(true)}>
        {t('privacy:delete.open')}
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title={t('privacy:delete.confirmTitle')}>
        <form className="form" onSubmit={submit} noValidate>
          <p>{t('privacy:delete.confirmExplained')}</p>
          <Alert kind="error">{form.error}</Alert>
          <TextField
            label={t('privacy:delete.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={form.fields.password}
          />
          {mfa && (
            <TextField
              label={t('privacy:delete.code')}
              name="code"
              autoComplete="one-time-code"
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
              error={form.fields.code}
            />
          )}
          <div className="dialog-actions">
            <button type="button" className="button button--secondary" onClick={() => setOpen(false)}>
              {t('common:actions.cancel')}
            </button>
            <SubmitButton pending={form.pending} variant="danger">
              {t('privacy:delete.submit')}
            </SubmitButton>
          </div>
        </form>
      </Dialog>
    </section>
  );
}
