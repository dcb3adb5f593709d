import { useState } from 'react';
import { useT } from '../lib/use-t';
import { Dialog } from './dialog';
import { Alert, SubmitButton, TextField, useSubmit } from './form';

/** Asks for a new name (1–`maxLength` characters) and calls `onRename`; closes when it succeeds. */
export function RenameDialog({
  title,
  current,
  maxLength = 100,
  onRename,
  onClose,
}: {
  title: string;
  current: string;
  maxLength?: number;
  onRename: (name: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useT();
  const [name, setName] = useState(current);
  const form = useSubmit();
  return (
    <Dialog open onClose={onClose} title={title}>
      <form
        className="form"
        noValidate
        onSubmit={form.onSubmit(async () => {
          await onRename(name.trim());
          onClose();
        })}
      >
        <Alert kind="error">{form.error}</Alert>
        <TextField
          label={t('common:rename.name')}
          name="name"
          required
          maxLength={maxLength}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={form.fields.name}
        />
        <div className="dialog-actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('common:actions.cancel')}
          </button>
          <SubmitButton pending={form.pending}>{t('common:rename.save')}</SubmitButton>
        </div>
      </form>
    </Dialog>
  );
}
