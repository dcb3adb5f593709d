import type { Asset } from '../../../lib/api';
import { formatBytes } from '../../../lib/format';
import { useT } from '../../../lib/use-t';

/** One asset: its thumbnail (or a note while it is being made), version, size and actions. */
export function AssetCard({
  asset: a,
  onVersions,
  onRename,
  onDownload,
  onDelete,
}: {
  asset: Asset;
  onVersions: () => void;
  onRename: () => void;
  onDownload: () => void;
  onDelete: () => void;
}) {
  const { t, i18n } = useT();
  const hidden = <span className="visually-hidden"> {a.name}</span>;
  return (
    <li className="asset-card">
      {a.current?.thumbnailUrl ? (
        <img className="thumb" src={a.current.thumbnailUrl} alt={t('assets:thumbnailOf', { name: a.name })} />
      ) : (
        <span className="thumb thumb--pending" role="status">
          {t('assets:thumbnailPending')}
        </span>
      )}
      <strong className="asset-card__name">{a.name}</strong>
      <span className="muted">
        {t('assets:version', { version: a.currentVersion })}
        {a.current && ` · ${formatBytes(a.current.size, i18n.language)}`}
      </span>
      <span className="toolbar">
        <button type="button" className="button button--secondary" onClick={onVersions}>
          {t('assets:versions.open')}
          {hidden}
        </button>
        <button type="button" className="button button--secondary" onClick={onDownload}>
          {t('assets:download')}
          {hidden}
        </button>
        <button type="button" className="button button--secondary" onClick={onRename}>
          {t('common:actions.rename')}
          {hidden}
        </button>
        <button type="button" className="button button--secondary" onClick={onDelete}>
          {t('common:actions.delete')}
          {hidden}
        </button>
      </span>
    </li>
  );
}
