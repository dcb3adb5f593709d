import { useId, useState } from 'react';
import { Dialog } from '../../../components/dialog';
import { useT } from '../../../lib/use-t';

/**
 * Shows a secret the server gives out once (an API key, a webhook signing secret) with a Copy button.
 * The secret lives only in the opener's state while this is open; closing it forgets it.
 */
export function SecretDialog({
  title,
  body,
  label,
  secret,
  onClose,
}: {
  title: string;
  body: string;
  /** What the secret is ("API key", "Signing secret"), for the text box's label. */
  label: string;
  secret: string;
  onClose: () => void;
}) {
  const { t } = useT();
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const id = useId();
  const copyNow = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(secret);
      setCopy('copied');
    } catch {
      // Not a secure context, or the browser said no: the text box can still be selected and copied.
      setCopy('failed');
      (document.getElementById(id) as HTMLTextAreaElement | null)?.select();
    }
  };
  return (
    <Dialog open onClose={onClose} title={title}>
      <p className="alert alert--info">{body}</p>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {/* A text box, not just text: focused, it selects the whole secret for copying by hand. */}
        <textarea
          id={id}
          className="developer-secret"
          readOnly
          rows={3}
          value={secret}
          spellCheck={false}
          autoComplete="off"
          onFocus={(e) => e.currentTarget.select()}
        />
      </div>
      <p role="status" className={copy === 'failed' ? 'field-error' : 'muted'}>
        {copy === 'copied'
          ? t('developer:secret.copied')
          : copy === 'failed'
            ? t('developer:secret.copyFailed')
            : ''}
      </p>
      <div className="dialog-actions">
        <button type="button" className="button button--secondary" onClick={() => void copyNow()}>
          {t('developer:secret.copy')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('developer:secret.done')}
        </button>
      </div>
    </Dialog>
  );
}
