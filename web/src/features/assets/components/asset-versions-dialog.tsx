import { useState } from 'react';
import { Dialog } from '../../../components/dialog';
import { Alert, useSubmit } from '../../../components/form';
import { LoadMore } from '../../../components/load-more';
import { type Asset, api } from '../../../lib/api';
import { formatBytes, formatDateTime } from '../../../lib/format';
import { usePagedList } from '../../../lib/use-paged-list';
import { useT } from '../../../lib/use-t';
import { useProfile } from '../../account/profile.store';
import { assetsApi } from '../assets.api';
import { useUploads } from '../use-upload';
import { DropZone } from './drop-zone';
import { UploadProgress } from './upload-progress';

const assets = assetsApi(api);

/** An asset's history: every version with its thumbnail; upload a new one or restore an old one. */
export function AssetVersionsDialog({
  asset,
  onChanged,
  onDownload,
  onClose,
}: {
  asset: Asset;
  onChanged: (a: Asset) => void;
  onDownload: (version: number) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useT();
  const timezone = useProfile((s) => s.profile?.timezone);
  const list = usePagedList(`${asset.id}:${asset.currentVersion}`, (cursor) =>
    assets.versions(asset.id, cursor),
  );
  const { uploads, upload, dismiss } = useUploads();
  const [done, setDone] = useState<string | null>(null);
  const action = useSubmit();
  const restore = (version: number) =>
    void action.run(async () => {
      const a = await assets.restore(asset.id, version);
      setDone(t('assets:versions.restored', { version, current: a.currentVersion }));
      onChanged(a);
    });
  const onFiles = ([file]: File[]) => {
    if (!file) return;
    setDone(null);
    void upload(
      file,
      () => assets.startVersionUpload(asset.id, file),
      (id) => assets.complete(id),
    ).then((a) => {
      if (!a) return;
      setDone(t('assets:versions.uploaded', { version: a.currentVersion }));
      onChanged(a);
    });
  };

  return (
    <Dialog open onClose={onClose} title={t('assets:versions.title', { name: asset.name })}>
      <Alert kind="error">{list.error ?? action.error}</Alert>
      {done && <Alert kind="success">{done}</Alert>}
      <DropZone label={t('assets:versions.uploadNew')} multiple={false} onFiles={onFiles} />
      <UploadProgress uploads={uploads} onDismiss={dismiss} />
      {list.items === null ? (
        <p role="status">{t('common:loading')}</p>
      ) : (
        <ul className="list" aria-label={t('assets:versions.listLabel')}>
          {list.items.map((v) => (
            <li key={v.version}>
              <span className="version-row">
                {v.thumbnailUrl ? (
                  <img className="thumb thumb--small" src={v.thumbnailUrl} alt="" />
                ) : (
                  <span className="thumb thumb--small thumb--pending" aria-hidden="true" />
                )}
                <span>
                  <strong>{t('assets:version', { version: v.version })}</strong>{' '}
                  {v.version === asset.currentVersion && (
                    <span className="badge">{t('assets:versions.current')}</span>
                  )}
                  <br />
                  <span className="muted">
                    {formatDateTime(v.createdAt, i18n.language, timezone)} ·{' '}
                    {formatBytes(v.size, i18n.language)} ·{' '}
                    {t(`assets:versions.sources.${v.source === 'restore' ? 'restore' : 'upload'}`)}
                  </span>
                </span>
              </span>
              <span className="toolbar">
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => onDownload(v.version)}
                >
                  {t('assets:versions.download', { version: v.version })}
                </button>
                {v.version !== asset.currentVersion && (
                  <button
                    type="button"
                    className="button"
                    disabled={action.pending}
                    onClick={() => restore(v.version)}
                  >
                    {t('assets:versions.restore', { version: v.version })}
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      <LoadMore list={list} />
      <div className="dialog-actions">
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t('common:actions.close')}
        </button>
      </div>
    </Dialog>
  );
}
