import { api, type BrandKit } from '../../../lib/api';
import { formatBytes } from '../../../lib/format';
import { isImage } from '../../../lib/upload';
import { useT } from '../../../lib/use-t';
import { DropZone } from '../../assets/components/drop-zone';
import { UploadProgress } from '../../assets/components/upload-progress';
import { IMAGE_MAX_BYTES, useUploads } from '../../assets/use-upload';
import { brandKitsApi, type KitFileKind } from '../brand-kits.api';

const kits = brandKitsApi(api);
const FONT_MAX_BYTES = 5 * 1024 * 1024;
const limits = { logo: 10, font: 5 } as const;
/** Browsers often give fonts no type: the extension decides (the server checks the signature anyway). */
const fontTypes: Record<string, string> = {
  woff2: 'font/woff2',
  woff: 'font/woff',
  ttf: 'font/ttf',
  otf: 'font/otf',
};
const fontType = (f: File) => fontTypes[f.name.split('.').pop()?.toLowerCase() ?? ''];

/** A kit's logos or fonts: the files with download links and removal, and an upload zone. */
export function KitFiles({
  kit,
  kind,
  onChanged,
  onError,
}: {
  kit: BrandKit;
  kind: KitFileKind;
  onChanged: (kit: BrandKit) => void;
  onError: (err: unknown) => void;
}) {
  const { t, i18n } = useT();
  const files = (kind === 'logo' ? kit.logos : kit.fonts) ?? [];
  const { uploads, upload, dismiss } = useUploads();
  const check =
    kind === 'logo'
      ? { accepts: isImage, maxBytes: IMAGE_MAX_BYTES }
      : { accepts: (f: File) => Boolean(fontType(f)), maxBytes: FONT_MAX_BYTES };
  const onFiles = (chosen: File[]) => {
    for (const file of chosen.slice(0, limits[kind] - files.length)) {
      const type = kind === 'logo' ? file.type : (fontType(file) ?? '');
      void upload(
        file,
        () => kits.startFile(kit.id, kind, file, type),
        (id) => kits.completeFile(kit.id, id),
        check,
      ).then((k) => k && onChanged(k));
    }
  };
  const remove = (fileId: string) =>
    kits.removeFile(kit.id, fileId).then(() => kits.get(kit.id).then(onChanged), onError);
  const heading = `${kind}s-heading`;
  return (
    <section className="card" aria-labelledby={heading}>
      <h2 id={heading}>{t(`brand-kits:files.${kind}.title`)}</h2>
      <p className="muted">{t(`brand-kits:files.${kind}.hint`, { n: limits[kind] })}</p>
      {files.length > 0 && (
        <ul className="list">
          {files.map((f) => (
            <li key={f.id}>
              <span className="version-row">
                {kind === 'logo' && <img className="thumb thumb--small" src={f.url} alt="" />}
                <a href={f.url} download={f.name}>
                  {f.name}
                </a>
                <span className="muted">{formatBytes(f.size, i18n.language)}</span>
              </span>
              <button type="button" className="button button--secondary" onClick={() => void remove(f.id)}>
                {t('common:actions.delete')}
                <span className="visually-hidden"> {f.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {files.length < limits[kind] && (
        <DropZone
          label={t(`brand-kits:files.${kind}.choose`)}
          accept={kind === 'logo' ? undefined : '.woff2,.woff,.ttf,.otf'}
          onFiles={onFiles}
        />
      )}
      <UploadProgress uploads={uploads} onDismiss={dismiss} />
    </section>
  );
}
