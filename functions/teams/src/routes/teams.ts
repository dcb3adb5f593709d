import { parseJson, parseParams } from '@atelier/shared/http/validate';
import { Hono } from 'hono';
import type { TeamsDeps } from '../deps';
import {
  acceptBody,
  createTeamBody,
  inviteBody,
  memberParams,
  roleBody,
  teamParams,
  transferBody,
} from '../schemas';
import {
  acceptInvitation,
  changeRole,
  createTeam,
  getTeam,
  invite,
  listTeams,
  removeMember,
  transferOwnership,
} from '../teams.service';

/** Every route here sits behind requireAuth (see app.ts). */
export function teamRoutes(deps: TeamsDeps) {
  return new Hono()
    .post('/v1/teams', async (c) =>
      c.json(await createTeam(deps, c.get('auth'), (await parseJson(c, createTeamBody)).name), 201),
    )
    .get('/v1/teams', async (c) => c.json({ items: await listTeams(deps, c.get('auth')) }))
    .post('/v1/teams/invitations/accept', async (c) =>
      c.json(await acceptInvitation(deps, c.get('auth'), (await parseJson(c, acceptBody)).token)),
    )
    .get('/v1/teams/:id', async (c) =>
      c.json(await getTeam(deps, c.get('auth'), parseParams(c, teamParams).id)),
    )
    .post('/v1/teams/:id/invitations', async (c) => {
      const { email, role } = await parseJson(c, inviteBody);
      await invite(deps, c.get('auth'), parseParams(c, teamParams).id, email, role);
      return c.json({ status: 'invited' }, 202);
    })
    .patch('/v1/teams/:id/members/:userId', async (c) => {
      const { id, userId } = parseParams(c, memberParams);
      await changeRole(deps, c.get('auth'), id, userId, (await parseJson(c, roleBody)).role);
      return c.body(null, 204);
    })
    .delete('/v1/teams/:id/members/:userId', async (c) => {
      const { id, userId } = parseParams(c, memberParams);
      await removeMember(deps, c.get('auth'), id, userId);
      return c.body(null, 204);
    })
    .post('/v1/teams/:id/leave', async (c) => {
      await removeMember(deps, c.get('auth'), parseParams(c, teamParams).id, c.get('auth').userId);
      return c.body(null, 204);
    })
    .post('/v1/teams/:id/transfer', async (c) => {
      const { userId } = await parseJson(c, transferBody);
      await transferOwnership(deps, c.get('auth'), parseParams(c, teamParams).id, userId);
      return c.body(null, 204);
    });
}
