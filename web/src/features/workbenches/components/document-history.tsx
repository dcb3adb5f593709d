import { useState } from 'react';
import { Dialog } from '../../../components/dialog';
import { DocumentPreview } from '../../../components/document-preview';
import { Alert, useSubmit } from '../../../components/form';
import { LoadMore } from '../../../components/load-more';
import { api, type DesignDocument } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { usePagedList } from '../../../lib/use-paged-list';
import { useT } from '../../../lib/use-t';
import { useProfile } from '../../account/profile.store';
import { workbenchesApi } from '../workbenches.api';

const workbenches = workbenchesApi(api);

/**
 * The document's revisions, newest first. Restoring writes the old content as a new revision (history
 * is never rewritten), naming the current revision so a concurrent save makes it a 409, not a loss.
 */
export function DocumentHistory({
  projectId,
  current,
  onRestored,
}: {
  projectId: string;
  current: number;
  onRestored: () => Promise<unknown>;
}) {
  const { t, i18n } = useT();
  const timezone = useProfile((s) => s.profile?.timezone);
  const list = usePagedList(`${projectId}:${current}`, (cursor) => workbenches.revisions(projectId, cursor));
  const [viewing, setViewing] = useState<{ revision: number; document: DesignDocument } | null>(null);
  const [restored, setRestored] = useState<number | null>(null);
  const action = useSubmit();
  const restore = (revision: number) =>
    void action.run(async () => {
      setRestored(null);
      await workbenches.restoreRevision(projectId, revision, current);
      setViewing(null);
      await onRestored();
      setRestored(revision);
    });
  const view = (revision: number) =>
    void action.run(async () => setViewing(await workbenches.revision(projectId, revision)));

  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">{t('workbenches:history.title')}</h2>
      <Alert kind="error">{list.error ?? action.error}</Alert>
      {restored !== null && (
        <Alert kind="success">{t('workbenches:history.restored', { revision: restored })}</Alert>
      )}
      {list.items === null ? (
        <p role="status">{t('common:loading')}</p>
      ) : (
        <ul className="list">
          {list.items.map((r) => (
            <li key={r.revision}>
              <span>
                <strong>{t('workbenches:history.revision', { revision: r.revision })}</strong>{' '}
                {r.revision === current && <span className="badge">{t('workbenches:history.current')}</span>}
                <span className="muted"> {formatDateTime(r.createdAt, i18n.language, timezone)}</span>
              </span>
              <span className="toolbar">
                <button type="button" className="button button--secondary" onClick={() => view(r.revision)}>
                  {t('workbenches:history.view', { revision: r.revision })}
                </button>
                {r.revision !== current && (
                  <button
                    type="button"
                    className="button button--secondary"
                    disabled={action.pending}
                    onClick={() => restore(r.revision)}
                  >
                    {t('workbenches:history.restore', { revision: r.revision })}
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      <LoadMore list={list} />
      <Dialog
        open={viewing !== null}
        onClose={() => setViewing(null)}
        title={t('workbenches:history.revision', { revision: viewing?.revision ?? 0 })}
      >
        {viewing && (
          <>
            <DocumentPreview
              document={viewing.document}
              label={t('workbenches:history.previewOf', { revision: viewing.revision })}
            />
            <div className="dialog-actions">
              <button type="button" className="button button--secondary" onClick={() => setViewing(null)}>
                {t('common:actions.close')}
              </button>
              {viewing.revision !== current && (
                <button
                  type="button"
                  className="button"
                  disabled={action.pending}
                  onClick={() => restore(viewing.revision)}
                >
                  {t('workbenches:history.restore', { revision: viewing.revision })}
                </button>
              )}
            </div>
          </>
        )}
      </Dialog>
    </section>
  );
}
