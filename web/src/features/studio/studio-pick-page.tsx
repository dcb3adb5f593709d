import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../components/form';
import { PageHeading } from '../../components/page-heading';
import { api, type Project } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useT } from '../../lib/use-t';
import { useProfile } from '../account/profile.store';
import { formatLabel } from '../workbenches/formats';
import { workbenchesApi } from '../workbenches/workbenches.api';
import './studio.css';

const workbenches = workbenchesApi(api);

/** Enough to choose from: the newest projects of the newest workbenches (a page of each). */
async function recentProjects(): Promise<Array<Project & { workbenchName: string }>> {
  const benches = await workbenches.list({});
  const pages = await Promise.all(
    benches.items.map(async (b) =>
      (await workbenches.projects(b.id, {})).items.map((p) => ({ ...p, workbenchName: b.name })),
    ),
  );
  return pages.flat().sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
}

/** /studio: generation happens in a project; pick one (newest first) or go and make one. */
export function StudioPickPage() {
  const { t, i18n } = useT();
  const message = useErrorMessage();
  const timezone = useProfile((s) => s.profile?.timezone);
  const [projects, setProjects] = useState<Array<Project & { workbenchName: string }> | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    recentProjects().then(setProjects, (err) => setError(err ?? new Error('failed')));
  }, []);
  const title = t('studio:pick.title');
  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      <p>{t('studio:pick.explained')}</p>
      <Alert kind="error">{error ? message(error) : null}</Alert>
      {projects === null ? (
        !error && <p role="status">{t('common:loading')}</p>
      ) : projects.length === 0 ? (
        <p>
          {t('studio:pick.none')} <Link to="/workbenches">{t('studio:pick.create')}</Link>
        </p>
      ) : (
        <section className="card" aria-labelledby="studio-pick">
          <h2 id="studio-pick">{t('studio:pick.projects')}</h2>
          <ul className="list">
            {projects.map((p) => (
              <li key={p.id}>
                <span>
                  <Link to={`/projects/${p.id}/studio`}>{p.name}</Link>
                  <br />
                  <span className="muted">
                    {p.workbenchName} · {formatLabel(t, p.format, p)}
                  </span>
                </span>
                <span className="muted">{formatDateTime(p.updatedAt, i18n.language, timezone)}</span>
              </li>
            ))}
          </ul>
          <p>
            <Link to="/workbenches">{t('studio:pick.create')}</Link>
          </p>
        </section>
      )}
    </>
  );
}
