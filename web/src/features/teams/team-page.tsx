import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, SelectField, SubmitButton, TextField, useSubmit } from '../../components/form';
import { PageHeading } from '../../components/page-heading';
import { api, isApiError, type Team, type TeamMember } from '../../lib/api';
import { useT } from '../../lib/use-t';
import { useProfile } from '../account/profile.store';
import { useSession } from '../auth/auth.store';
import { type InvitableRole, teamsApi } from './teams.api';

const teams = teamsApi(api);
const invitable: InvitableRole[] = ['admin', 'editor', 'viewer'];

/** One team: members and their roles, invitations. Admin actions need MFA on the account (403 mfa_required). */
export function TeamPage() {
  const { t } = useT();
  const { teamId = '' } = useParams();
  const navigate = useNavigate();
  const me = useSession((s) => s.user?.id);
  const [team, setTeam] = useState<Team | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<InvitableRole>('editor');
  const [invited, setInvited] = useState<string | null>(null);
  const load = useSubmit();
  const invite = useSubmit();
  const change = useSubmit();
  const [needsMfa, setNeedsMfa] = useState(false);
  // A role picked in a member's select is only a draft until its Save button: arrowing through the
  // options with the keyboard must not save each one.
  const [drafts, setDrafts] = useState<Record<string, InvitableRole>>({});
  const [roleChanged, setRoleChanged] = useState<{ name: string; role: InvitableRole } | null>(null);
  const mfaOff = useProfile((s) => s.profile?.mfaEnabled === false);
  const reload = useCallback(async () => setTeam(await teams.get(teamId)), [teamId]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the team changes
  useEffect(() => {
    void load.run(reload);
  }, [reload]);

  const guarded = (fn: () => Promise<unknown>) =>
    fn().catch((err) => {
      if (isApiError(err) && err.code === 'mfa_required') setNeedsMfa(true);
      throw err;
    });
  const admin = team?.role === 'owner' || team?.role === 'admin';
  // Owners and admins need MFA to manage the team (the API answers 403 mfa_required): say so up front.
  const blocked = admin && (mfaOff || needsMfa);
  const submitInvite = invite.onSubmit(() =>
    guarded(async () => {
      setInvited(null);
      await teams.invite(teamId, email.trim(), role);
      setInvited(email.trim());
      setEmail('');
    }),
  );
  const nameOf = (m: TeamMember) => m.displayName || m.email;
  const saveRole = (m: TeamMember) => {
    const r = drafts[m.userId];
    if (!r || r === m.role) return;
    setRoleChanged(null);
    void change
      .run(() => guarded(() => teams.changeRole(teamId, m.userId, r).then(reload)))
      .then((ok) => {
        if (!ok) return;
        setDrafts(({ [m.userId]: _, ...rest }) => rest);
        setRoleChanged({ name: nameOf(m), role: r });
      });
  };
  const remove = (m: TeamMember) =>
    void change.run(() =>
      guarded(async () => {
        if (m.userId === me) {
          await teams.leave(teamId);
          navigate('/teams');
        } else {
          await teams.remove(teamId, m.userId);
          await reload();
        }
      }),
    );

  if (!team) {
    return (
      <>
        <PageHeading title={t('teams:title')}>{t('teams:title')}</PageHeading>
        {load.error ? <Alert kind="error">{load.error}</Alert> : <p role="status">{t('common:loading')}</p>}
      </>
    );
  }
  return (
    <>
      <PageHeading title={team.name}>{team.name}</PageHeading>
      <p>
        <Link to="/teams">{t('teams:back')}</Link> ·{' '}
        {t('teams:yourRole', { role: t(`teams:roles.${team.role}`) })} ·{' '}
        <Link to={`/billing?teamId=${team.id}`}>{t('teams:billing')}</Link>
      </p>
      {blocked && (
        <Alert kind="info">
          {t('teams:mfaRequired')} <Link to="/settings/security">{t('teams:mfaRequiredLink')}</Link>
        </Alert>
      )}
      <section className="card" aria-labelledby="members-heading">
        <h2 id="members-heading">{t('teams:members.title')}</h2>
        <Alert kind="error">{change.error}</Alert>
        {/* Always in the page, so the change is announced when its text appears. */}
        <div role="status" className={roleChanged ? 'alert alert--success' : undefined}>
          {roleChanged &&
            t('teams:members.roleChanged', {
              name: roleChanged.name,
              role: t(`teams:roles.${roleChanged.role}`),
            })}
        </div>
        <ul className="list">
          {team.members.map((m) => (
            <li key={m.userId}>
              <div>
                <strong>{nameOf(m)}</strong>
                {m.displayName && <div className="muted">{m.email}</div>}
              </div>
              <div className="toolbar">
                {admin && m.role !== 'owner' && m.userId !== me ? (
                  <>
                    <SelectField
                      label={t('teams:members.roleOf', { name: nameOf(m) })}
                      name={`role-${m.userId}`}
                      value={drafts[m.userId] ?? m.role}
                      onChange={(r) => {
                        setRoleChanged(null);
                        setDrafts((d) => ({ ...d, [m.userId]: r as InvitableRole }));
                      }}
                      options={invitable.map((r) => ({ value: r, label: t(`teams:roles.${r}`) }))}
                    />
                    <button
                      type="button"
                      className="button button--secondary"
                      disabled={change.pending || !drafts[m.userId] || drafts[m.userId] === m.role}
                      onClick={() => saveRole(m)}
                    >
                      {t('teams:members.saveRole')}
                      <span className="visually-hidden">
                        {' '}
                        {t('teams:members.forName', { name: nameOf(m) })}
                      </span>
                    </button>
                  </>
                ) : (
                  <span className="badge">{t(`teams:roles.${m.role}`)}</span>
                )}
                {m.role !== 'owner' && (admin || m.userId === me) && (
                  <button type="button" className="button button--secondary" onClick={() => remove(m)}>
                    {m.userId === me ? t('teams:members.leave') : t('teams:members.remove')}
                    {m.userId !== me && <span className="visually-hidden"> {nameOf(m)}</span>}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      </section>
      {admin && (
        <section className="card" aria-labelledby="invite-heading">
          <h2 id="invite-heading">{t('teams:invite.title')}</h2>
          {blocked && (
            <p id="invite-needs-mfa" className="muted">
              {t('teams:invite.needsMfa')} <Link to="/settings/security">{t('teams:mfaRequiredLink')}</Link>
            </p>
          )}
          <form
            className="form"
            onSubmit={submitInvite}
            noValidate
            aria-describedby={blocked ? 'invite-needs-mfa' : undefined}
          >
            <Alert kind="error">{invite.error}</Alert>
            {invited && <Alert kind="success">{t('teams:invite.sent', { email: invited })}</Alert>}
            <TextField
              label={t('teams:invite.email')}
              name="email"
              type="email"
              autoComplete="off"
              required
              disabled={blocked}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              error={invite.fields.email}
            />
            <SelectField
              label={t('teams:invite.role')}
              name="role"
              value={role}
              onChange={(r) => setRole(r as InvitableRole)}
              options={invitable.map((r) => ({ value: r, label: t(`teams:roles.${r}`) }))}
              hint={t('teams:invite.roleHint')}
              disabled={blocked}
            />
            <div>
              <SubmitButton pending={invite.pending} disabled={blocked}>
                {t('teams:invite.submit')}
              </SubmitButton>
            </div>
          </form>
        </section>
      )}
    </>
  );
}
