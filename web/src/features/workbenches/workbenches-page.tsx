import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert, SelectField, SubmitButton, TextField, useSubmit } from '../../components/form';
import { LoadMore } from '../../components/load-more';
import { PageHeading } from '../../components/page-heading';
import { RenameDialog } from '../../components/rename-dialog';
import { api, type TeamSummary, type Workbench } from '../../lib/api';
import { formatNumber } from '../../lib/format';
import { usePagedList } from '../../lib/use-paged-list';
import { useT } from '../../lib/use-t';
import { teamsApi } from '../teams/teams.api';
import { ItemActions } from './components/item-actions';
import { ListFilters } from './components/list-filters';
import { workbenchesApi } from './workbenches.api';

const workbenches = workbenchesApi(api);
const teams = teamsApi(api);

/** Every workbench the user can see (their own and their teams'): search, create, rename, archive. */
export function WorkbenchesPage() {
  const { t, i18n } = useT();
  const [q, setQ] = useState('');
  const [teamId, setTeamId] = useState('');
  const [archived, setArchived] = useState(false);
  const [myTeams, setMyTeams] = useState<TeamSummary[]>([]);
  const [name, setName] = useState('');
  const [owner, setOwner] = useState('');
  const [renaming, setRenaming] = useState<Workbench | null>(null);
  const list = usePagedList(JSON.stringify([q, teamId, archived]), (cursor) =>
    workbenches.list({ q, teamId, archived, cursor }),
  );
  const create = useSubmit();
  const action = useSubmit();
  useEffect(() => {
    teams.list().then(
      (r) => setMyTeams(r.items),
      () => setMyTeams([]),
    );
  }, []);
  const teamName = (id: string | null) => myTeams.find((x) => x.id === id)?.name;
  const replace = (wb: Workbench) =>
    list.setItems((items) => items?.map((x) => (x.id === wb.id ? { ...x, ...wb } : x)) ?? null);

  const submit = create.onSubmit(async () => {
    await workbenches.create(name.trim(), owner || undefined);
    setName('');
    await list.reload(); // newest first: the new one leads the list
  });
  const toggleArchived = (wb: Workbench) =>
    void action.run(async () => {
      await workbenches.setArchived(wb.id, !wb.archived);
      list.setItems((items) => items?.filter((x) => x.id !== wb.id) ?? null);
    });

  return (
    <>
      <PageHeading title={t('workbenches:title')}>{t('workbenches:title')}</PageHeading>
      <section className="card" aria-labelledby="new-workbench">
        <h2 id="new-workbench">{t('workbenches:create.title')}</h2>
        <form className="form form--inline" onSubmit={submit} noValidate>
          <Alert kind="error">{create.error}</Alert>
          <TextField
            label={t('workbenches:create.name')}
            name="name"
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={create.fields.name}
          />
          {myTeams.length > 0 && (
            <SelectField
              label={t('workbenches:create.owner')}
              name="owner"
              value={owner}
              onChange={setOwner}
              options={[
                { value: '', label: t('workbenches:justMe') },
                ...myTeams.map((x) => ({ value: x.id, label: x.name })),
              ]}
            />
          )}
          <div>
            <SubmitButton pending={create.pending}>{t('workbenches:create.submit')}</SubmitButton>
          </div>
        </form>
      </section>
      <section className="card" aria-labelledby="your-workbenches">
        <h2 id="your-workbenches">{t('workbenches:yours')}</h2>
        <ListFilters
          label={t('workbenches:search')}
          onSearch={setQ}
          archived={archived}
          onArchived={setArchived}
        >
          {myTeams.length > 0 && (
            <SelectField
              label={t('workbenches:team')}
              name="team"
              value={teamId}
              onChange={setTeamId}
              options={[
                { value: '', label: t('workbenches:allTeams') },
                ...myTeams.map((x) => ({ value: x.id, label: x.name })),
              ]}
            />
          )}
        </ListFilters>
        <Alert kind="error">{list.error ?? action.error}</Alert>
        {list.items === null ? (
          <p role="status">{t('common:loading')}</p>
        ) : list.items.length === 0 ? (
          <p className="muted">{archived ? t('workbenches:noneArchived') : t('workbenches:none')}</p>
        ) : (
          <ul className="list" aria-live="polite">
            {list.items.map((wb) => (
              <li key={wb.id}>
                <div>
                  <Link to={`/workbenches/${wb.id}`}>{wb.name}</Link>
                  <div className="muted">
                    {t('workbenches:projectCount', { n: formatNumber(wb.projectCount ?? 0, i18n.language) })}
                    {wb.teamId && (
                      <span className="badge">{teamName(wb.teamId) ?? t('workbenches:teamBadge')}</span>
                    )}
                  </div>
                </div>
                <ItemActions
                  name={wb.name}
                  archived={wb.archived}
                  pending={action.pending}
                  onRename={() => setRenaming(wb)}
                  onToggleArchived={() => toggleArchived(wb)}
                />
              </li>
            ))}
          </ul>
        )}
        <LoadMore list={list} />
      </section>
      {renaming && (
        <RenameDialog
          title={t('workbenches:renameTitle')}
          current={renaming.name}
          onClose={() => setRenaming(null)}
          onRename={async (n) => replace(await workbenches.rename(renaming.id, n))}
        />
      )}
    </>
  );
}
