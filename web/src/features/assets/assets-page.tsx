import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert, SelectField } from '../../components/form';
import { LoadMore } from '../../components/load-more';
import { PageHeading } from '../../components/page-heading';
import { api, type Workbench } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { usePagedList } from '../../lib/use-paged-list';
import { useT } from '../../lib/use-t';
import { workbenchesApi } from '../workbenches/workbenches.api';

const workbenches = workbenchesApi(api);

/** Assets live in projects: pick a workbench and open a project's library (two clicks to upload). */
export function AssetsPage() {
  const { t } = useT();
  const message = useErrorMessage();
  const [benches, setBenches] = useState<Workbench[] | null>(null);
  const [benchId, setBenchId] = useState('');
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once
  useEffect(() => {
    workbenches.list({}).then(
      (page) => {
        setBenches(page.items);
        setBenchId(page.items[0]?.id ?? '');
      },
      (err) => setError(message(err)),
    );
  }, []);
  const projects = usePagedList(benchId, (cursor) =>
    benchId ? workbenches.projects(benchId, { cursor }) : Promise.resolve({ items: [], nextCursor: null }),
  );
  return (
    <>
      <PageHeading title={t('assets:page.title')}>{t('assets:page.title')}</PageHeading>
      <p>{t('assets:page.explained')}</p>
      <Alert kind="error">{error ?? projects.error}</Alert>
      {benches === null ? (
        !error && <p role="status">{t('common:loading')}</p>
      ) : benches.length === 0 ? (
        <p>
          {t('assets:page.noWorkbench')} <Link to="/workbenches">{t('assets:page.createWorkbench')}</Link>
        </p>
      ) : (
        <section className="card" aria-labelledby="pick-project">
          <h2 id="pick-project">{t('assets:page.pick')}</h2>
          <SelectField
            label={t('assets:page.workbench')}
            name="workbench"
            value={benchId}
            onChange={setBenchId}
            options={benches.map((b) => ({ value: b.id, label: b.name }))}
          />
          {projects.items?.length === 0 && (
            <p className="muted">
              {t('assets:page.noProject')}{' '}
              <Link to={`/workbenches/${benchId}`}>{t('assets:page.createProject')}</Link>
            </p>
          )}
          <ul className="list">
            {projects.items?.map((p) => (
              <li key={p.id}>
                <Link to={`/projects/${p.id}`}>{p.name}</Link>
              </li>
            ))}
          </ul>
          <LoadMore list={projects} />
        </section>
      )}
    </>
  );
}
