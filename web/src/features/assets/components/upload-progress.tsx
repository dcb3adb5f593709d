import { formatNumber } from '../../../lib/format';
import { useT } from '../../../lib/use-t';
import type { UploadState } from '../use-upload';

/** Each file on its way: a labelled progress bar, or why it failed. */
export function UploadProgress({
  uploads,
  onDismiss,
}: {
  uploads: UploadState[];
  onDismiss: (key: string) => void;
}) {
  const { t, i18n } = useT();
  if (uploads.length === 0) return null;
  return (
    <ul className="list" aria-label={t('assets:uploads')}>
      {uploads.map((u) => (
        <li key={u.key}>
          {u.error ? (
            <>
              <span role="alert" className="field-error">
                {t('assets:failed', { name: u.name })} {u.error}
              </span>
              <button type="button" className="button button--secondary" onClick={() => onDismiss(u.key)}>
                {t('assets:dismiss')}
                <span className="visually-hidden"> {u.name}</span>
              </button>
            </>
          ) : (
            <label className="upload-progress">
              <span>
                {t('assets:uploading', {
                  name: u.name,
                  percent: formatNumber(Math.round(u.progress * 100), i18n.language),
                })}
              </span>
              <progress max={1} value={u.progress} />
            </label>
          )}
        </li>
      ))}
    </ul>
  );
}
