import { useState } from 'react';
import { Dialog } from '../../../components/dialog';
import { Alert, SubmitButton, TextField, useSubmit } from '../../../components/form';
import { api, type MfaSetup } from '../../../lib/api';
import { useT } from '../../../lib/use-t';
import { authApi, secondFactorProof } from '../../auth/auth.api';
import { useProfile } from '../profile.store';
import { RecoveryCodes } from './recovery-codes';

const auth = authApi(api);

/** Two-step sign-in: set up with a QR code and a first code, get recovery codes once; or turn it off. */
export function MfaSection() {
  const { t } = useT();
  const enabled = useProfile((s) => s.profile?.mfaEnabled ?? false);
  const reloadProfile = useProfile((s) => s.load);
  const [setup, setSetup] = useState<MfaSetup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [disabling, setDisabling] = useState(false);
  const form = useSubmit();

  const start = () => void form.run(async () => setSetup(await auth.mfaSetup()));
  const confirm = form.onSubmit(async () => {
    const { recoveryCodes } = await auth.mfaConfirm(code.replace(/\s/g, ''));
    setCodes(recoveryCodes);
    setSetup(null);
    setCode('');
  });
  const disable = form.onSubmit(async () => {
    await auth.mfaDisable(secondFactorProof(code));
    setDisabling(false);
    setCode('');
    await reloadProfile();
  });

  return (
    <section className="card" aria-labelledby="mfa-heading">
      <h2 id="mfa-heading">{t('account:mfa.title')}</h2>
      {codes ? (
        <RecoveryCodes
          codes={codes}
          onDone={() => {
            setCodes(null);
            void reloadProfile();
          }}
        />
      ) : enabled ? (
        <>
          <p>
            <span className="badge">{t('account:mfa.on')}</span> {t('account:mfa.onExplained')}
          </p>
          <button type="button" className="button button--secondary" onClick={() => setDisabling(true)}>
            {t('account:mfa.disable')}
          </button>
        </>
      ) : setup ? (
        <form className="form" onSubmit={confirm} noValidate>
          <ol>
            <li>{t('account:mfa.step1')}</li>
            <li>{t('account:mfa.step2')}</li>
          </ol>
          <img
            className="qr"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`}
            alt={t('account:mfa.qrAlt')}
            width="200"
            height="200"
          />
          <p>
            {t('account:mfa.manual')}{' '}
            <code className="secret" data-testid="mfa-secret">
              {setup.secret}
            </code>
          </p>
          <Alert kind="error">{form.error}</Alert>
          <TextField
            label={t('account:mfa.code')}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={form.fields.code}
          />
          <div className="toolbar">
            <SubmitButton pending={form.pending}>{t('account:mfa.confirm')}</SubmitButton>
            <button type="button" className="button button--secondary" onClick={() => setSetup(null)}>
              {t('common:actions.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <p>{t('account:mfa.offExplained')}</p>
          <Alert kind="error">{form.error}</Alert>
          <button type="button" className="button" onClick={start} disabled={form.pending}>
            {t('account:mfa.setUp')}
          </button>
        </>
      )}
      <Dialog open={disabling} onClose={() => setDisabling(false)} title={t('account:mfa.disable')}>
        <form className="form" onSubmit={disable} noValidate>
          <p>{t('account:mfa.disableExplained')}</p>
          <Alert kind="error">{form.error}</Alert>
          <TextField
            label={t('account:mfa.codeOrRecovery')}
            name="code"
            autoComplete="one-time-code"
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={form.fields.code ?? form.fields.recoveryCode}
          />
          <div className="dialog-actions">
            <button type="button" className="button button--secondary" onClick={() => setDisabling(false)}>
              {t('common:actions.cancel')}
            </button>
            <SubmitButton pending={form.pending} variant="danger">
              {t('account:mfa.disable')}
            </SubmitButton>
          </div>
        </form>
      </Dialog>
    </section>
  );
}
