import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../../runner/src/test-support/platform';
import {
  mailTo,
  newUser,
  request,
  startIdentityPlatform,
  type TestUser,
  turnOnMfa,
} from '../../../runner/src/test-support/users';

describe('teams through the gateway', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startIdentityPlatform();
  });
  afterAll(() => p?.stop());

  const call = (user: TestUser | undefined, method: string, path: string, body?: unknown) =>
    request(p, user, method, path, body);

  /** Invites `who` with `role` and has them accept through the emailed link. */
  async function join(owner: TestUser, teamId: string, who: TestUser, role: 'admin' | 'editor' | 'viewer') {
    expect(
      (await call(owner, 'POST', `/v1/teams/${teamId}/invitations`, { email: who.email, role })).status,
    ).toBe(202);
    const mail = (await mailTo(p, who.email)).find((m) => m.text.includes('/teams/accept'))!;
    const token = /token=([A-Za-z0-9_-]{43})/.exec(mail.text)![1];
    return call(who, 'POST', '/v1/teams/invitations/accept', { token });
  }

  async function newTeam() {
    const owner = await newUser(p, { mfa: true });
    const created = await call(owner, 'POST', '/v1/teams', { name: 'Studio' });
    expect(created.status).toBe(201);
    return { owner, teamId: created.body.id as string };
  }

  it('creates a team with the creator as Owner and lists it', async () => {
    const { owner, teamId } = await newTeam();
    const list = await call(owner, 'GET', '/v1/teams');
    expect(list.body.items).toEqual([{ id: teamId, name: 'Studio', role: 'owner' }]);
    expect((await call(undefined, 'GET', '/v1/teams')).status).toBe(401);
  });

  it('invites by email; only that verified address can accept, once', async () => {
    const { owner, teamId } = await newTeam();
    const editor = await newUser(p);
    expect((await join(owner, teamId, editor, 'editor')).body).toEqual({ teamId, role: 'editor' });
    const team = await call(editor, 'GET', `/v1/teams/${teamId}`);
    expect((team.body.members as Array<{ role: string }>).map((m) => m.role).sort()).toEqual([
      'editor',
      'owner',
    ]);

    const intended = await newUser(p);
    await call(owner, 'POST', `/v1/teams/${teamId}/invitations`, { email: intended.email, role: 'viewer' });
    const token = /token=([A-Za-z0-9_-]{43})/.exec(
      (await mailTo(p, intended.email)).find((m) => m.text.includes('/teams/accept'))!.text,
    )![1];
    const stranger = await newUser(p);
    expect((await call(stranger, 'POST', '/v1/teams/invitations/accept', { token })).body.error?.code).toBe(
      'invalid_token',
    );
    expect((await call(intended, 'POST', '/v1/teams/invitations/accept', { token })).status).toBe(200);
    expect((await call(intended, 'POST', '/v1/teams/invitations/accept', { token })).status).toBe(400);

    const unverified = await newUser(p, { verified: false });
    expect((await call(unverified, 'POST', '/v1/teams/invitations/accept', { token })).status).toBe(403);
  });

  it('answers 404 to outsiders and 403 to members whose role is too weak', async () => {
    const { owner, teamId } = await newTeam();
    const viewer = await newUser(p);
    await join(owner, teamId, viewer, 'viewer');
    const outsider = await newUser(p);
    expect((await call(outsider, 'GET', `/v1/teams/${teamId}`)).status).toBe(404);
    expect(
      (
        await call(outsider, 'POST', `/v1/teams/${teamId}/invitations`, {
          email: 'x@example.test',
          role: 'viewer',
        })
      ).status,
    ).toBe(404);
    expect((await call(viewer, 'GET', `/v1/teams/${teamId}`)).status).toBe(200);
    const denied = await call(viewer, 'POST', `/v1/teams/${teamId}/invitations`, {
      email: 'x@example.test',
      role: 'viewer',
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error?.code).toBe('forbidden');
    expect(
      (await call(viewer, 'PATCH', `/v1/teams/${teamId}/members/${owner.userId}`, { role: 'viewer' })).status,
    ).toBe(403);
    expect((await call(owner, 'GET', `/v1/teams/${randomUUID()}`)).status).toBe(404);
  });

  it('changes roles, removes members, and keeps at least one Owner', async () => {
    const { owner, teamId } = await newTeam();
    const admin = await newUser(p, { mfa: true });
    const member = await newUser(p);
    await join(owner, teamId, admin, 'admin');
    await join(owner, teamId, member, 'viewer');
    expect(
      (await call(admin, 'PATCH', `/v1/teams/${teamId}/members/${member.userId}`, { role: 'editor' })).status,
    ).toBe(204);
    expect(
      (await call(admin, 'PATCH', `/v1/teams/${teamId}/members/${owner.userId}`, { role: 'viewer' })).status,
    ).toBe(409);
    expect((await call(admin, 'DELETE', `/v1/teams/${teamId}/members/${owner.userId}`)).status).toBe(403);
    const last = await call(owner, 'POST', `/v1/teams/${teamId}/leave`);
    expect(last.status).toBe(409);
    expect(last.body.error?.message).toMatch(/last Owner/);
    expect((await call(admin, 'DELETE', `/v1/teams/${teamId}/members/${member.userId}`)).status).toBe(204);
    expect((await call(member, 'GET', `/v1/teams/${teamId}`)).status).toBe(404);
  });

  it('transfers ownership, after which the former Owner may leave', async () => {
    const { owner, teamId } = await newTeam();
    const next = await newUser(p);
    await join(owner, teamId, next, 'editor');
    expect((await call(next, 'POST', `/v1/teams/${teamId}/transfer`, { userId: next.userId })).status).toBe(
      403,
    );
    expect((await call(owner, 'POST', `/v1/teams/${teamId}/transfer`, { userId: next.userId })).status).toBe(
      204,
    );
    const roles = (
      (await call(owner, 'GET', `/v1/teams/${teamId}`)).body.members as Array<{
        userId: string;
        role: string;
      }>
    ).map((m) => [m.userId, m.role]);
    expect(Object.fromEntries(roles)).toEqual({ [owner.userId]: 'admin', [next.userId]: 'owner' });
    expect((await call(owner, 'POST', `/v1/teams/${teamId}/leave`)).status).toBe(204);
  });

  it('needs MFA on the account of whoever administers a team', async () => {
    const owner = await newUser(p);
    const teamId = (await call(owner, 'POST', '/v1/teams', { name: 'No MFA yet' })).body.id as string;
    const invite = { email: 'someone@example.test', role: 'viewer' };
    const refused = await call(owner, 'POST', `/v1/teams/${teamId}/invitations`, invite);
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('mfa_required');
    expect((await call(owner, 'GET', `/v1/teams/${teamId}`)).status).toBe(200);
    await turnOnMfa(p, owner);
    expect((await call(owner, 'POST', `/v1/teams/${teamId}/invitations`, invite)).status).toBe(202);
  });

  it.each([
    ['POST', '/v1/teams', { name: '' }],
    ['POST', '/v1/teams', { name: 'x'.repeat(101) }],
    ['POST', '/v1/teams', { name: 'ok', extra: 1 }],
    ['POST', '/v1/teams/not-a-uuid/invitations', { email: 'a@example.test', role: 'viewer' }],
    ['POST', `/v1/teams/${randomUUID()}/invitations`, { email: 'nope', role: 'viewer' }],
    ['POST', `/v1/teams/${randomUUID()}/invitations`, { email: 'a@example.test', role: 'owner' }],
    ['POST', '/v1/teams/invitations/accept', { token: 42 }],
    ['PATCH', `/v1/teams/${randomUUID()}/members/not-a-uuid`, { role: 'viewer' }],
  ])('%s %s with bad input answers 400 with details', async (method, path, body) => {
    const user = await newUser(p);
    const res = await call(user, method, path, body);
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('validation_failed');
  });
});
