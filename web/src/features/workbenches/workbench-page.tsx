import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, useSubmit } from '../../components/form';
import { LoadMore } from '../../components/load-more';
import { PageHeading } from '../../components/page-heading';
import { RenameDialog } from '../../components/rename-dialog';
import { api, type Project, type Workbench } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { usePagedList } from '../../lib/use-paged-list';
import { useT } from '../../lib/use-t';
import { useProfile } from '../account/profile.store';
import { ItemActions } from './components/item-actions';
import { ListFilters } from './components/list-filters';
import { NewProjectForm } from './components/new-project-form';
import { formatLabel } from './formats';
import { workbenchesApi } from './workbenches.api';

const workbenches = workbenchesApi(api);

/** One workbench: its projects (search, archived, load more), a new project, rename. */
export function WorkbenchPage() {
  const { t, i18n } = useT();
  const { workbenchId = '' } = useParams();
  const timezone = useProfile((s) => s.profile?.timezone);
  const [wb, setWb] = useState<Workbench | null>(null);
  const [q, setQ] = useState('');
  const [archived, setArchived] = useState(false);
  const [renaming, setRenaming] = useState<'workbench' | Project | null>(null);
  const load = useSubmit();
  const action = useSubmit();
  const list = usePagedList(JSON.stringify([workbenchId, q, archived]), (cursor) =>
    workbenches.projects(workbenchId, { q, archived, cursor }),
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the workbench changes
  useEffect(() => {
    void load.run(async () => setWb(await workbenches.get(workbenchId)));
  }, [workbenchId]);

  const toggleArchived = (p: Project) =>
    void action.run(async () => {
      await workbenches.setProjectArchived(p.id, !p.archived);
      list.setItems((items) => items?.filter((x) => x.id !== p.id) ?? null);
    });

  if (!wb) {
    return (
      <>
        <PageHeading title={t('workbenches:title')}>{t('workbenches:title')}</PageHeading>
        {load.error ? <Alert kind="error">{load.error}</Alert> : <p role="status">{t('common:loading')}</p>}
      </>
    );
  }
  return (
    <>
      <PageHeading title={wb.name}>{wb.name}</PageHeading>
      <div className="toolbar page-actions">
        <Link to="/workbenches">{t('workbenches:back')}</Link>
        <button type="button" className="button button--secondary" onClick={() => setRenaming('workbench')}>
          {t('workbenches:renameTitle')}
        </button>
      </div>
      {wb.archived && <Alert kind="info">{t('workbenches:archivedNotice')}</Alert>}
      <NewProjectForm workbenchId={wb.id} />
      <section className="card" aria-labelledby="projects-heading">
        <h2 id="projects-heading">{t('workbenches:projects.title')}</h2>
        <ListFilters
          label={t('workbenches:projects.search')}
          onSearch={setQ}
          archived={archived}
          onArchived={setArchived}
        />
        <Alert kind="error">{list.error ?? action.error}</Alert>
        {list.items === null ? (
          <p role="status">{t('common:loading')}</p>
        ) : list.items.length === 0 ? (
          <p className="muted">{t('workbenches:projects.none')}</p>
        ) : (
          <ul className="list" aria-live="polite">
            {list.items.map((p) => (
              <li key={p.id}>
                <div>
                  <Link to={`/projects/${p.id}`}>{p.name}</Link>
                  <div className="muted">
                    {formatLabel(t, p.format, p)} · {formatDate(p.updatedAt, i18n.language, timezone)}
                  </div>
                </div>
                <ItemActions
                  name={p.name}
                  archived={p.archived}
                  pending={action.pending}
                  onRename={() => setRenaming(p)}
                  onToggleArchived={() => toggleArchived(p)}
                />
              </li>
            ))}
          </ul>
        )}
        <LoadMore list={list} />
      </section>
      {renaming === 'workbench' && (
        <RenameDialog
          title={t('workbenches:renameTitle')}
          current={wb.name}
          onClose={() => setRenaming(null)}
          onRename={async (n) => setWb({ ...wb, ...(await workbenches.rename(wb.id, n)) })}
        />
      )}
      {renaming && renaming !== 'workbench' && (
        <RenameDialog
          title={t('workbenches:projects.renameTitle')}
          current={renaming.name}
          onClose={() => setRenaming(null)}
          onRename={async (n) => {
            const p = await workbenches.renameProject(renaming.id, n);
            list.setItems((items) => items?.map((x) => (x.id === p.id ? p : x)) ?? null);
          }}
        />
      )}
    </>
  );
}
