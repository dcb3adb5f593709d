import { useRef, useState } from 'react';
import { Alert, useSubmit } from '../../../components/form';
import { ApiError, api } from '../../../lib/api';
import { isImage, putToStorage } from '../../../lib/upload';
import { useT } from '../../../lib/use-t';
import { accountApi } from '../account.api';
import { useProfile } from '../profile.store';

const account = accountApi(api);
const MAX_BYTES = 5 * 1024 * 1024;

/** The profile picture: presigned PUT to storage, then `complete` checks it and makes a 256 px WebP. */
export function PictureSection() {
  const { t } = useT();
  const profile = useProfile((s) => s.profile);
  const load = useProfile((s) => s.load);
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [done, setDone] = useState<'uploaded' | 'removed' | null>(null);
  const action = useSubmit();
  if (!profile) return null;

  const upload = (file: File) =>
    void action.run(async () => {
      setDone(null);
      // Checked here to answer at once; the server checks the bytes again whatever we say.
      if (!isImage(file)) throw new ApiError(415, 'unsupported_media_type', file.type);
      if (file.size > MAX_BYTES) throw new ApiError(413, 'payload_too_large', String(file.size));
      setProgress(0);
      try {
        const link = await account.startPicture(file.type, file.size);
        await putToStorage(link, file, setProgress);
        await account.completePicture(link.key);
        await load();
        setDone('uploaded');
      } finally {
        setProgress(null);
        if (input.current) input.current.value = '';
      }
    });
  const remove = () =>
    void action.run(async () => {
      await account.deletePicture();
      await load();
      setDone('removed');
    });

  return (
    <section className="card" aria-labelledby="picture-heading">
      <h2 id="picture-heading">{t('account:picture.title')}</h2>
      <div className="picture-row">
        {profile.pictureUrl ? (
          <img className="avatar" src={profile.pictureUrl} alt={t('account:picture.current')} />
        ) : (
          <span className="avatar avatar--empty" aria-hidden="true">
            {(profile.displayName || profile.email).slice(0, 1).toUpperCase()}
          </span>
        )}
        <div className="form">
          <Alert kind="error">{action.error}</Alert>
          {done && <Alert kind="success">{t(`account:picture.${done}`)}</Alert>}
          <div className="field">
            <label htmlFor="picture-file">{t('account:picture.choose')}</label>
            <input
              ref={input}
              id="picture-file"
              type="file"
              accept="image/png,image/jpeg,image/webp,image/gif"
              aria-describedby="picture-hint"
              disabled={action.pending}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) upload(file);
              }}
            />
            <div id="picture-hint" className="field-hint">
              {t('account:picture.hint')}
            </div>
          </div>
          {progress !== null && (
            <progress max={1} value={progress} aria-label={t('account:picture.uploading')} />
          )}
          {profile.pictureUrl && (
            <div>
              <button
                type="button"
                className="button button--secondary"
                disabled={action.pending}
                onClick={remove}
              >
                {t('account:picture.remove')}
              </button>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
