import { useEffect, useState } from 'react';
import { Alert, useSubmit } from '../../../components/form';
import { ListSearch } from '../../../components/list-search';
import { LoadMore } from '../../../components/load-more';
import { RenameDialog } from '../../../components/rename-dialog';
import { type Asset, api } from '../../../lib/api';
import { usePagedList } from '../../../lib/use-paged-list';
import { useT } from '../../../lib/use-t';
import { assetsApi } from '../assets.api';
import { useUploads } from '../use-upload';
import { AssetCard } from './asset-card';
import { AssetVersionsDialog } from './asset-versions-dialog';
import { DropZone } from './drop-zone';
import { UploadProgress } from './upload-progress';

const assets = assetsApi(api);
const POLL_MS = 1500;
const POLL_TRIES = 60;

/** A project's images: drag-and-drop upload with progress, thumbnails as they are made, versions. */
export function AssetLibrary({ projectId }: { projectId: string }) {
  const { t } = useT();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<{ asset: Asset; dialog: 'versions' | 'rename' } | null>(null);
  const list = usePagedList(`${projectId}:${q}`, (cursor) => assets.list(projectId, q, cursor));
  const { uploads, upload, dismiss } = useUploads();
  const action = useSubmit();
  const replace = (a: Asset) => list.setItems((items) => items?.map((x) => (x.id === a.id ? a : x)) ?? null);

  // Thumbnails are made by an event-driven function a moment after upload: ask again until they appear.
  const waiting = list.items?.filter((a) => a.current && !a.current.thumbnailUrl).map((a) => a.id) ?? [];
  const waitingKey = waiting.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: restart only when the set of waiting assets changes
  useEffect(() => {
    if (!waitingKey) return;
    let tries = 0;
    const timer = setInterval(() => {
      if (++tries > POLL_TRIES) return clearInterval(timer);
      for (const id of waiting)
        assets.get(id).then(
          (a) => a.current?.thumbnailUrl && replace(a),
          () => {},
        );
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [waitingKey]);

  const onFiles = (files: File[]) => {
    for (const file of files)
      void upload(
        file,
        () => assets.startUpload(projectId, file),
        (id) => assets.complete(id),
      ).then((a) => a && list.setItems((items) => [a, ...(items ?? [])]));
  };
  const download = (a: Asset, version?: number) =>
    void action.run(async () => window.location.assign((await assets.download(a.id, version)).url));
  const remove = (a: Asset) =>
    void action.run(async () => {
      await assets.remove(a.id);
      list.setItems((items) => items?.filter((x) => x.id !== a.id) ?? null);
    });

  return (
    <section className="card" aria-labelledby="assets-heading">
      <h2 id="assets-heading">{t('assets:title')}</h2>
      <DropZone label={t('assets:choose')} onFiles={onFiles} />
      <UploadProgress uploads={uploads} onDismiss={dismiss} />
      <ListSearch label={t('assets:search')} onSearch={setQ} />
      <Alert kind="error">{list.error ?? action.error}</Alert>
      {list.items === null ? (
        <p role="status">{t('common:loading')}</p>
      ) : list.items.length === 0 ? (
        <p className="muted">{t('assets:none')}</p>
      ) : (
        <ul className="asset-grid" aria-label={t('assets:listLabel')}>
          {list.items.map((a) => (
            <AssetCard
              key={a.id}
              asset={a}
              onVersions={() => setOpen({ asset: a, dialog: 'versions' })}
              onRename={() => setOpen({ asset: a, dialog: 'rename' })}
              onDownload={() => download(a)}
              onDelete={() => remove(a)}
            />
          ))}
        </ul>
      )}
      <LoadMore list={list} />
      {open?.dialog === 'versions' && (
        <AssetVersionsDialog
          asset={open.asset}
          onChanged={(a) => {
            replace(a);
            setOpen({ asset: a, dialog: 'versions' });
          }}
          onDownload={(v) => download(open.asset, v)}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.dialog === 'rename' && (
        <RenameDialog
          title={t('assets:rename')}
          current={open.asset.name}
          maxLength={200}
          onClose={() => setOpen(null)}
          onRename={async (n) => replace(await assets.rename(open.asset.id, n))}
        />
      )}
    </section>
  );
}
