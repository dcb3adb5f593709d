import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Alert, SubmitButton, TextField, useSubmit } from '../../components/form';
import { PageHeading } from '../../components/page-heading';
import { api, type TeamSummary } from '../../lib/api';
import { useT } from '../../lib/use-t';
import { teamsApi } from './teams.api';

const teams = teamsApi(api);

export function TeamsPage() {
  const { t } = useT();
  const [items, setItems] = useState<TeamSummary[] | null>(null);
  const [name, setName] = useState('');
  // Checked here before sending: an empty name gets a specific message at once, and focus goes to it.
  const [nameMissing, setNameMissing] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);
  const list = useSubmit();
  const create = useSubmit();
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once
  useEffect(() => {
    void list.run(async () => setItems((await teams.list()).items));
  }, []);
  const send = create.onSubmit(async () => {
    const team = await teams.create(name.trim());
    // The first load may still be answering and already hold the new team: never list it twice.
    setItems((prev) =>
      [...(prev ?? []).filter((x) => x.id !== team.id), team].sort((a, b) => a.name.localeCompare(b.name)),
    );
    setName('');
  });
  const submit = (e: FormEvent) => {
    if (!name.trim()) {
      e.preventDefault();
      setNameMissing(true);
      nameInput.current?.focus();
      return;
    }
    send(e);
  };
  return (
    <>
      <PageHeading title={t('teams:title')}>{t('teams:title')}</PageHeading>
      <section className="card" aria-labelledby="your-teams">
        <h2 id="your-teams">{t('teams:yours')}</h2>
        <Alert kind="error">{list.error}</Alert>
        {items === null ? (
          <p role="status">{t('common:loading')}</p>
        ) : items.length === 0 ? (
          <p className="muted">{t('teams:none')}</p>
        ) : (
          <ul className="list">
            {items.map((team) => (
              <li key={team.id}>
                <Link to={`/teams/${team.id}`}>{team.name}</Link>
                <span className="badge">{t(`teams:roles.${team.role}`)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="new-team">
        <h2 id="new-team">{t('teams:create.title')}</h2>
        <form className="form" onSubmit={submit} noValidate>
          <Alert kind="error">{create.error}</Alert>
          <TextField
            label={t('teams:create.name')}
            name="name"
            required
            maxLength={100}
            ref={nameInput}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setNameMissing(false);
            }}
            error={nameMissing ? t('teams:create.nameRequired') : create.fields.name}
          />
          <div>
            <SubmitButton pending={create.pending}>{t('teams:create.submit')}</SubmitButton>
          </div>
        </form>
      </section>
    </>
  );
}
