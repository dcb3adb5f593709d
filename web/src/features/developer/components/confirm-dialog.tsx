import { Dialog } from '../../../components/dialog';
import { Alert, useSubmit } from '../../../components/form';
import { useT } from '../../../lib/use-t';

/** Asks before something that cannot be undone (revoking a key, deleting an endpoint); shows its failure. */
export function ConfirmDialog({
  title,
  body,
  confirm,
  onConfirm,
  onClose,
}: {
  title: string;
  body: string;
  /** The button's words, e.g. "Revoke key". */
  confirm: string;
  /** Runs the action; the dialog closes when it succeeds (the caller's onClose). */
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useT();
  const action = useSubmit();
  return (
    <Dialog open onClose={onClose} title={title}>
      <Alert kind="error">{action.error}</Alert>
      <p>{body}</p>
      <div className="dialog-actions">
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t('common:actions.cancel')}
        </button>
        <button
          type="button"
          className="button button--danger"
          disabled={action.pending}
          onClick={() =>
            void action.run(onConfirm).then((ok) => {
              if (ok) onClose();
            })
          }
        >
          {action.pending ? t('common:actions.working') : confirm}
        </button>
      </div>
    </Dialog>
  );
}
