import { useCallback, useEffect, useState } from 'react';
import { Alert, useSubmit } from '../../../components/form';
import { api, type DataExport } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { useT } from '../../../lib/use-t';
import { accountApi } from '../../account/account.api';
import { useProfile } from '../../account/profile.store';

const account = accountApi(api);
const POLL_MS = 4000;

/** Ask for an archive of everything; it is built in the background and can be downloaded here. */
export function ExportSection() {
  const { t, i18n } = useT();
  const [exports, setExports] = useState<DataExport[] | null>(null);
  const timezone = useProfile((s) => s.profile?.timezone);
  const action = useSubmit();
  const reload = useCallback(async () => setExports((await account.exports()).items), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once
  useEffect(() => {
    void action.run(reload);
  }, []);
  const pending = exports?.some((e) => e.status === 'pending') ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => void reload().catch(() => {}), POLL_MS);
    return () => clearInterval(timer);
  }, [pending, reload]);

  return (
    <section className="card" aria-labelledby="export-heading">
      <h2 id="export-heading">{t('privacy:export.title')}</h2>
      <p>{t('privacy:export.explained')}</p>
      <Alert kind="error">{action.error}</Alert>
      <button
        type="button"
        className="button"
        disabled={action.pending || pending}
        onClick={() =>
          void action.run(async () => {
            await account.requestExport();
            await reload();
          })
        }
      >
        {t('privacy:export.request')}
      </button>
      {exports && exports.length > 0 && (
        <ul className="list" aria-live="polite">
          {exports.map((e) => (
            <li key={e.id}>
              <span>
                {formatDateTime(e.createdAt, i18n.language, timezone)} —{' '}
                {t(`privacy:export.status.${e.status}`, { defaultValue: e.status })}
              </span>
              {e.downloadUrl && (
                <a className="button button--secondary" href={e.downloadUrl} download>
                  {t('privacy:export.download')}
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
