import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, useSubmit } from '../../components/form';
import { PageHeading } from '../../components/page-heading';
import { api, type TeamRole } from '../../lib/api';
import { useT } from '../../lib/use-t';
import { useSession } from '../auth/auth.store';
import { teamsApi } from './teams.api';

const teams = teamsApi(api);

/**
 * The emailed invitation's page: joining is an explicit click, never a side effect of opening a link.
 * The API names neither team nor role before accepting (the token is all there is), so the page says
 * who is signed in; once joined it names the team (now readable as a member) and the role.
 */
export function AcceptInvitationPage() {
  const { t } = useT();
  const [params] = useSearchParams();
  const token = useRef(params.get('token') ?? '');
  const email = useSession((s) => s.user?.email);
  const [joined, setJoined] = useState<{ teamId: string; role: TeamRole; name: string | null } | null>(null);
  const form = useSubmit();
  const accept = () =>
    void form.run(async () => {
      const { teamId, role } = await teams.accept(token.current);
      // The team's name is a nicety: joining worked even if reading the team does not.
      const name = await teams.get(teamId).then(
        (team) => team.name,
        () => null,
      );
      setJoined({ teamId, role, name });
    });
  return (
    <>
      <PageHeading title={t('teams:accept.title')}>{t('teams:accept.title')}</PageHeading>
      <Alert kind="error">{form.error}</Alert>
      {joined ? (
        <>
          <Alert kind="success">
            {joined.name
              ? t('teams:accept.doneNamed', { team: joined.name, role: t(`teams:roles.${joined.role}`) })
              : t('teams:accept.done', { role: t(`teams:roles.${joined.role}`) })}
          </Alert>
          <p>
            <Link to={`/teams/${joined.teamId}`}>{t('teams:accept.open')}</Link>
          </p>
        </>
      ) : token.current ? (
        <>
          <p>{t('teams:accept.explained')}</p>
          {email && <p className="muted">{t('teams:accept.signedInAs', { email })}</p>}
          <button type="button" className="button" disabled={form.pending} onClick={accept}>
            {t('teams:accept.submit')}
          </button>
        </>
      ) : (
        <Alert kind="error">{t('errors:codes.invalid_token')}</Alert>
      )}
    </>
  );
}
