import type { Layer } from '@atelier/shared/creative/design-document';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Alert } from '../../../components/form';
import { LoadMore } from '../../../components/load-more';
import { api } from '../../../lib/api';
import { useErrorMessage } from '../../../lib/errors';
import { usePagedList } from '../../../lib/use-paged-list';
import { useT } from '../../../lib/use-t';
import { useNotifications } from '../../notifications/notifications.store';
import { type Comment, canvasApi } from '../canvas.api';

const calls = canvasApi(api);

interface Props {
  projectId: string;
  myId: string;
  /** Display names by user id (the team's members, or just me). */
  names: ReadonlyMap<string, string>;
  /** Editors may resolve or delete anyone's comment; everyone their own. */
  canModerate: boolean;
  layers: ReadonlyArray<Pick<Layer, 'id' | 'name'>>;
  selectedLayer: string | null;
  /** `?comment=` from a notification: shown highlighted. */
  highlight: string | null;
}

/** Comments on the project or a layer: list (newest first), add (with @mentions), resolve, delete. */
export function CommentsPanel({
  projectId,
  myId,
  names,
  canModerate,
  layers,
  selectedLayer,
  highlight,
}: Props) {
  const { t } = useT();
  const id = useId();
  const message = useErrorMessage();
  const subscribe = useNotifications((s) => s.subscribe);
  const [version, setVersion] = useState(0);
  const list = usePagedList<Comment>(`${projectId}:${version}`, (cursor) =>
    calls.comments(projectId, cursor),
  );
  const [body, setBody] = useState('');
  const [onLayer, setOnLayer] = useState(true);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  // Someone else's comment on this project arrives as a notification: read the list again.
  useEffect(
    () =>
      subscribe((e) => {
        if (
          e.kind === 'notification' &&
          e.notification.type.startsWith('comment.') &&
          e.notification.data.projectId === projectId
        )
          setVersion((v) => v + 1);
      }),
    [subscribe, projectId],
  );

  const layerName = (lid: string | null) => (lid ? (layers.find((l) => l.id === lid)?.name ?? null) : null);
  const selectedName = layerName(selectedLayer);

  async function act(fn: () => Promise<unknown>) {
    setFailure(null);
    setPending(true);
    try {
      await fn();
      setVersion((v) => v + 1);
      return true;
    } catch (e) {
      setFailure(e);
      return false;
    } finally {
      setPending(false);
    }
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    const layerId = onLayer && selectedName ? selectedLayer : null;
    if (await act(() => calls.addComment(projectId, body.trim(), layerId))) setBody('');
  };

  return (
    <section className="card comments" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('canvas:comments.title')}</h2>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-body`}>{t('canvas:comments.add')}</label>
          <textarea
            id={`${id}-body`}
            rows={3}
            maxLength={2000}
            value={body}
            aria-describedby={`${id}-hint`}
            onChange={(e) => setBody(e.target.value)}
          />
          <div id={`${id}-hint`} className="field-hint">
            {t('canvas:comments.mentionHint')}
          </div>
        </div>
        {selectedName && (
          <label className="checkbox">
            <input type="checkbox" checked={onLayer} onChange={(e) => setOnLayer(e.target.checked)} />
            {t('canvas:comments.onLayer', { name: selectedName })}
          </label>
        )}
        <button type="submit" className="button" disabled={pending || !body.trim()}>
          {pending ? t('common:actions.working') : t('canvas:comments.send')}
        </button>
      </form>
      {failure !== null && <Alert kind="error">{message(failure)}</Alert>}
      {list.error && <Alert kind="error">{list.error}</Alert>}
      {list.items === null ? (
        <p role="status">{t('common:loading')}</p>
      ) : list.items.length === 0 ? (
        <p className="muted">{t('canvas:comments.empty')}</p>
      ) : (
        <ul className="list comment-list">
          {list.items.map((c) => {
            const author =
              c.authorId === myId
                ? t('canvas:comments.you')
                : (names.get(c.authorId) ?? t('canvas:comments.someone'));
            const on = layerName(c.layerId);
            const mine = c.authorId === myId;
            return (
              <li key={c.id} data-highlight={c.id === highlight || undefined} data-resolved={!!c.resolvedAt}>
                <div>
                  <p className="comment-meta">
                    <strong>{author}</strong>{' '}
                    <time className="muted" dateTime={c.createdAt}>
                      {new Date(c.createdAt).toLocaleString()}
                    </time>
                    {on && (
                      <span className="muted"> · {t('canvas:comments.onLayerShort', { name: on })}</span>
                    )}
                    {c.resolvedAt && <span className="badge">{t('canvas:comments.resolved')}</span>}
                  </p>
                  <p className="comment-body">{c.body}</p>
                </div>
                {(mine || canModerate) && (
                  <div className="toolbar">
                    {!c.resolvedAt && (
                      <button
                        type="button"
                        className="button button--secondary"
                        disabled={pending}
                        onClick={() => void act(() => calls.resolve(c.id))}
                      >
                        {t('canvas:comments.resolve')}
                      </button>
                    )}
                    <button
                      type="button"
                      className="button button--secondary"
                      disabled={pending}
                      onClick={() => void act(() => calls.remove(c.id))}
                    >
                      {t('canvas:comments.delete')}
                    </button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <LoadMore list={list} />
    </section>
  );
}
