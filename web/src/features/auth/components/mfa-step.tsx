import { useState } from 'react';
import { Alert, SubmitButton, TextField, useSubmit } from '../../../components/form';
import { PageHeading } from '../../../components/page-heading';
import { api } from '../../../lib/api';
import { useT } from '../../../lib/use-t';
import { authApi } from '../auth.api';
import { useSession } from '../auth.store';

const auth = authApi(api);

/** The second sign-in step: a code from the authenticator app, or one of the recovery codes. */
export function MfaStep({ challengeToken, onRestart }: { challengeToken: string; onRestart: () => void }) {
  const { t } = useT();
  const [recovery, setRecovery] = useState(false);
  const [value, setValue] = useState('');
  const adopt = useSession((s) => s.adopt);
  const form = useSubmit();
  const submit = form.onSubmit(async () => {
    const proof = recovery ? { recoveryCode: value.trim() } : { code: value.replace(/\s/g, '') };
    adopt(await auth.verifyMfa(challengeToken, proof));
  });
  return (
    <>
      <PageHeading title={t('auth:mfa.title')}>{t('auth:mfa.title')}</PageHeading>
      <p>{recovery ? t('auth:mfa.recoveryIntro') : t('auth:mfa.intro')}</p>
      <form className="form" onSubmit={submit} noValidate>
        <Alert kind="error">{form.error}</Alert>
        {recovery ? (
          <TextField
            key="recovery"
            label={t('auth:mfa.recoveryCode')}
            name="recoveryCode"
            autoComplete="off"
            required
            value={value}
            onChange={(e) => setValue(e.target.value)}
            error={form.fields.code ?? form.fields.recoveryCode}
          />
        ) : (
          <TextField
            key="code"
            label={t('auth:mfa.code')}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={6}
            required
            value={value}
            onChange={(e) => setValue(e.target.value)}
            error={form.fields.code}
          />
        )}
        <SubmitButton pending={form.pending}>{t('auth:mfa.submit')}</SubmitButton>
      </form>
      <div className="auth-links">
        <button
          type="button"
          className="button button--link"
          onClick={() => {
            setRecovery((r) => !r);
            setValue('');
          }}
        >
          {recovery ? t('auth:mfa.useCode') : t('auth:mfa.useRecovery')}
        </button>
        <button type="button" className="button button--link" onClick={onRestart}>
          {t('auth:mfa.restart')}
        </button>
      </div>
    </>
  );
}
