import { useState } from 'react';
import { Alert, useSubmit } from '../../components/form';
import { api } from '../../lib/api';
import { useT } from '../../lib/use-t';
import { authApi } from '../auth/auth.api';

const auth = authApi(api);

/** Unverified accounts can look around but not generate or pay (PRODUCT.md §1): say so, offer a new link. */
export function VerifyEmailNotice({ email }: { email: string }) {
  const { t } = useT();
  const resend = useSubmit();
  const [sent, setSent] = useState(false);
  return (
    <div className="alert alert--info" role="status">
      <p>{t('dashboard:verify.notice', { email })}</p>
      {sent ? (
        <p>{t('dashboard:verify.sent')}</p>
      ) : (
        <button
          type="button"
          className="button button--secondary"
          disabled={resend.pending}
          onClick={() => void resend.run(() => auth.resendVerification(email)).then(setSent)}
        >
          {t('dashboard:verify.resend')}
        </button>
      )}
      <Alert kind="error">{resend.error}</Alert>
    </div>
  );
}
