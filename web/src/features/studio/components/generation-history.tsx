import { useCallback } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/form';
import { LoadMore } from '../../../components/load-more';
import { formatDateTime } from '../../../lib/format';
import { usePagedList } from '../../../lib/use-paged-list';
import { useT } from '../../../lib/use-t';
import { useProfile } from '../../account/profile.store';
import type { Generation } from '../studio.api';
import { generations } from '../studio.store';

/** A project's generations, newest first: each opens in the studio. */
export function GenerationHistory({
  projectId,
  listKey,
  current,
}: {
  projectId: string;
  /** Changes when a generation starts or moves on: the first page is read again. */
  listKey: string;
  current: string | null;
}) {
  const { t, i18n } = useT();
  const timezone = useProfile((s) => s.profile?.timezone);
  const fetchPage = useCallback((cursor?: string) => generations.list(projectId, cursor), [projectId]);
  const list = usePagedList<Generation>(`${projectId}:${listKey}`, fetchPage);
  return (
    <section className="card" aria-labelledby="studio-history">
      <h2 id="studio-history">{t('studio:history.title')}</h2>
      <Alert kind="error">{list.error}</Alert>
      {list.items === null ? (
        !list.error && <p role="status">{t('common:loading')}</p>
      ) : list.items.length === 0 ? (
        <p className="muted">{t('studio:history.none')}</p>
      ) : (
        <ul className="list studio-history">
          {list.items.map((g) => {
            const thumb = g.final?.url ?? g.samples[0]?.url;
            return (
              <li key={g.id}>
                <Link
                  to={`/projects/${projectId}/studio?generation=${g.id}`}
                  className="studio-history__item"
                  aria-current={g.id === current ? 'true' : undefined}
                >
                  {thumb ? (
                    <img className="thumb thumb--small" src={thumb} alt="" />
                  ) : (
                    <span className="thumb thumb--small" aria-hidden="true" />
                  )}
                  <span className="studio-history__text">
                    <span className="studio-history__prompt">{g.prompt}</span>
                    <span className="muted">
                      {t(`studio:states.${g.state}`)} · {formatDateTime(g.createdAt, i18n.language, timezone)}
                    </span>
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      <LoadMore list={list} />
    </section>
  );
}
