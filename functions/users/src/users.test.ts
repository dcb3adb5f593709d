import { randomUUID } from 'node:crypto';
import { totpCode } from '@atelier/shared/auth/totp';
import {
  consents,
  emailTokens,
  eventLog,
  refreshTokens,
  sessions,
  subscriptions,
  teamMembers,
  teams,
  users,
} from '@atelier/shared/db/schema';
import { eq, or } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type TestPlatform } from '../../../runner/src/test-support/platform';
import {
  newUser,
  request,
  startIdentityPlatform,
  TEST_PASSWORD,
  type TestUser,
} from '../../../runner/src/test-support/users';

describe('profile, preferences and consents', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startIdentityPlatform();
  });
  afterAll(() => p?.stop());
  const call = (user: TestUser | undefined, method: string, path: string, body?: unknown) =>
    request(p, user, method, path, body);

  it('shows the profile with defaults (en-US, UTC, notification settings) and needs a token', async () => {
    const user = await newUser(p);
    expect((await call(undefined, 'GET', '/v1/me')).status).toBe(401);
    const me = await call(user, 'GET', '/v1/me');
    expect(me.body).toMatchObject({
      id: user.userId,
      email: user.email,
      emailVerified: true,
      language: 'en-US',
      timezone: 'UTC',
      mfaEnabled: false,
      username: null,
    });
    expect((me.body.notifications as Record<string, { inApp: boolean }>)['generation.final_ready']).toEqual({
      inApp: true,
      email: true,
      push: false,
    });
  });

  it('updates name, username, language and time zone; a taken username (any case) is 409', async () => {
    const a = await newUser(p);
    const b = await newUser(p);
    const handle = `ada_${randomUUID().slice(0, 8)}`;
    const updated = await call(a, 'PATCH', '/v1/me', {
      displayName: 'Ada L.',
      username: handle,
      language: 'fr-FR',
      timezone: 'Europe/Paris',
    });
    expect(updated.body).toMatchObject({
      displayName: 'Ada L.',
      username: handle,
      language: 'fr-FR',
      timezone: 'Europe/Paris',
    });
    const taken = await call(b, 'PATCH', '/v1/me', { username: handle.toUpperCase() });
    expect(taken.status).toBe(409);
    expect(taken.body.error?.code).toBe('conflict');
  });

  it.each([
    [{ username: 'has spaces' }],
    [{ username: 'x'.repeat(51) }],
    [{ timezone: 'Mars/Olympus_Mons' }],
    [{ language: 'xx-XX' }],
    [{ displayName: 'x'.repeat(101) }],
    [{ isAdmin: true }],
    [{}],
  ])('refuses %j with a field-level 400', async (body) => {
    const res = await call(await newUser(p), 'PATCH', '/v1/me', body);
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('validation_failed');
  });

  it('shows the account view: Free by default, the live subscription when there is one', async () => {
    const user = await newUser(p);
    const free = await call(user, 'GET', '/v1/me/account');
    expect(free.body).toMatchObject({
      plan: 'free',
      entitlements: { watermark: true, canUseBrandKits: false, monthlyCredits: 100 },
      subscription: null,
      teams: [],
    });
    const end = new Date(Date.now() + 30 * 86_400_000);
    await p.db.db.insert(subscriptions).values({
      ownerUserId: user.userId,
      plan: 'pro',
      status: 'active',
      provider: 'manual',
      currentPeriodStart: new Date(),
      currentPeriodEnd: end,
    });
    const pro = await call(user, 'GET', '/v1/me/account');
    expect(pro.body).toMatchObject({
      plan: 'pro',
      entitlements: { watermark: false, canUseBrandKits: true },
      subscription: {
        plan: 'pro',
        status: 'active',
        currentPeriodEnd: end.toISOString(),
        cancelAtPeriodEnd: false,
      },
    });
  });

  it('changes notification settings per type and channel', async () => {
    const user = await newUser(p);
    const res = await call(user, 'PUT', '/v1/me/notifications', {
      comments: { inApp: true, email: false, push: true },
    });
    expect(res.status).toBe(200);
    expect(res.body.comments).toEqual({ inApp: true, email: false, push: true });
    expect(res.body.billing).toEqual({ inApp: true, email: true, push: false });
    expect(
      (
        await call(user, 'PUT', '/v1/me/notifications', {
          unknown_type: { inApp: true, email: true, push: true },
        })
      ).status,
    ).toBe(400);
  });

  it('grants and withdraws versioned consents, keeping the history', async () => {
    const user = await newUser(p);
    const start = await call(user, 'GET', '/v1/me/consents');
    const current = start.body.current as Record<string, { granted: boolean; currentVersion: string }>;
    expect(current.marketing_emails!.granted).toBe(false);
    const version = current.marketing_emails!.currentVersion;
    expect(
      (await call(user, 'PUT', '/v1/me/consents/marketing_emails', { granted: true, version: '1999-01' }))
        .status,
    ).toBe(400);
    expect(
      (await call(user, 'PUT', '/v1/me/consents/marketing_emails', { granted: true, version })).status,
    ).toBe(200);
    const after = await call(user, 'PUT', '/v1/me/consents/marketing_emails', {
      granted: false,
      version: '1999',
    });
    expect((after.body.current as Record<string, { granted: boolean }>).marketing_emails!.granted).toBe(
      false,
    );
    expect((after.body.history as Array<{ granted: boolean }>).map((h) => h.granted)).toEqual([true, false]);
    // The withdrawal is recorded against the version that was given, whatever the client sent.
    expect((after.body.history as Array<{ version: string }>).map((h) => h.version)).toEqual([
      version,
      version,
    ]);
    expect((await call(user, 'PUT', '/v1/me/consents/newsletter', { granted: true, version })).status).toBe(
      400,
    );
  });

  it('deletes the account after the password, leaving no personal data in identity', async () => {
    const user = await newUser(p);
    await call(user, 'PUT', '/v1/me/consents/beta_program', { granted: true, version: '2026-11' });
    const solo = (await call(user, 'POST', '/v1/teams', { name: 'Solo' })).body.id as string;
    expect((await call(user, 'DELETE', '/v1/me', { password: 'Wrong-horse-99' })).status).toBe(400);
    expect((await call(user, 'GET', '/v1/me')).status).toBe(200);

    expect((await call(user, 'DELETE', '/v1/me', { password: TEST_PASSWORD })).status).toBe(204);
    await eventually(async () => (await call(user, 'GET', '/v1/me')).status === 401, 5000);
    const login = await fetch(`${p.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
    });
    expect(login.status).toBe(401);

    const db = p.db.db;
    expect(
      await db
        .select()
        .from(users)
        .where(or(eq(users.id, user.userId), eq(users.email, user.email))),
    ).toEqual([]);
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.userId))).toEqual([]);
    expect(
      await db
        .select()
        .from(refreshTokens)
        .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
        .where(eq(sessions.userId, user.userId)),
    ).toEqual([]);
    expect(await db.select().from(emailTokens).where(eq(emailTokens.userId, user.userId))).toEqual([]);
    expect(await db.select().from(consents).where(eq(consents.userId, user.userId))).toEqual([]);
    expect(await db.select().from(teamMembers).where(eq(teamMembers.userId, user.userId))).toEqual([]);
    expect(await db.select().from(teams).where(eq(teams.id, solo))).toEqual([]);
    // The erasure contract went out to every other context.
    await eventually(async () => {
      const rows = await db
        .select()
        .from(eventLog)
        .where(eq(eventLog.type, 'dev.atelier.identity.user.deleted.v1'));
      return rows.some((r) => (r.data as { userId: string }).userId === user.userId);
    }, 30_000); // audit may start from zero for it, on a busy machine
  });

  it('refuses to delete the last Owner of a team that has other members', async () => {
    const owner = await newUser(p, { mfa: true });
    const other = await newUser(p);
    const teamId = (await call(owner, 'POST', '/v1/teams', { name: 'Shared' })).body.id as string;
    await call(owner, 'POST', `/v1/teams/${teamId}/invitations`, { email: other.email, role: 'viewer' });
    const mail = await eventually(async () => {
      const res = await fetch(`${p.url}/dev/mail/api?to=${encodeURIComponent(other.email)}`);
      return ((await res.json()) as { items: Array<{ text: string }> }).items.find((m) =>
        m.text.includes('/teams/accept'),
      );
    });
    const token = /token=([A-Za-z0-9_-]{43})/.exec(mail.text)![1];
    expect((await call(other, 'POST', '/v1/teams/invitations/accept', { token })).status).toBe(200);
    const code = totpCode(owner.mfaSecret!, Date.now() + 30_000);
    const res = await call(owner, 'DELETE', '/v1/me', { password: TEST_PASSWORD, code });
    expect(res.status).toBe(409);
    // The authenticator code was spent on that attempt: replaying it is refused.
    const replay = await call(owner, 'DELETE', '/v1/me', { password: TEST_PASSWORD, code });
    expect(replay.body.error?.details).toEqual([{ path: 'code', message: 'wrong or missing' }]);
    expect((await call(owner, 'GET', '/v1/me')).status).toBe(200);
  });

  it('exports all of a user’s data as a zip with a time-limited link, and nothing of anyone else', async () => {
    const user = await newUser(p);
    const other = await newUser(p);
    await call(user, 'PUT', '/v1/me/consents/data_analytics', { granted: true, version: '2026-11' });
    await call(user, 'POST', '/v1/teams', { name: 'Export team' });
    const wb = (await call(user, 'POST', '/v1/workbenches', { name: 'My exported workbench' })).body
      .id as string;
    await call(user, 'POST', `/v1/workbenches/${wb}/projects`, {
      name: 'My exported project',
      format: 'x_post',
    });
    await call(other, 'POST', '/v1/workbenches', { name: 'Someone else’s workbench' });
    const key = await call(user, 'POST', '/v1/developer/keys', {
      name: 'Exported key',
      scopes: ['projects:read'],
    });
    const started = await call(user, 'POST', '/v1/me/export');
    expect(started.status).toBe(202);
    const exportId = started.body.id as string;
    expect((await call(other, 'GET', `/v1/me/exports/${exportId}`)).status).toBe(404);
    const ready = await eventually(async () => {
      const res = await call(user, 'GET', `/v1/me/exports/${exportId}`);
      return res.body.status === 'ready' && res.body;
    }, 20_000);
    const zip = unzipSync(new Uint8Array(await (await fetch(ready.downloadUrl as string)).arrayBuffer()));
    const data = JSON.parse(strFromU8(zip['identity.json']!)) as Record<string, unknown>;
    const text = JSON.stringify(data);
    expect((data.profile as { email: string }).email).toBe(user.email);
    expect((data.consents as Array<{ kind: string }>).map((c) => c.kind)).toContain('data_analytics');
    expect((data.teams as Array<{ name: string }>).map((t) => t.name)).toEqual(['Export team']);
    expect(text).not.toContain(other.email);
    expect(text).not.toContain(other.userId);
    expect(text).not.toMatch(/argon2|passwordHash|mfaSecret/);
    const creative = JSON.parse(strFromU8(zip['creative.json']!)) as {
      workbenches: Array<{ name: string }>;
      projects: Array<{ name: string }>;
      designDocuments: unknown[];
    };
    expect(creative.workbenches.map((w) => w.name)).toEqual(['My exported workbench']);
    expect(creative.projects.map((x) => x.name)).toEqual(['My exported project']);
    expect(creative.designDocuments).toHaveLength(1);
    expect(strFromU8(zip['creative.json']!)).not.toContain(other.userId);
    const developer = JSON.parse(strFromU8(zip['developer.json']!)) as { apiKeys: Array<{ name: string }> };
    expect(developer.apiKeys.map((k) => k.name)).toEqual(['Exported key']);
    expect(strFromU8(zip['developer.json']!)).not.toContain(key.body.secret as string);
    expect(strFromU8(zip['developer.json']!)).not.toMatch(/secretHash|whsec_/);
    const mail = await eventually(async () => {
      const res = await fetch(`${p.url}/dev/mail/api?to=${encodeURIComponent(user.email)}`);
      return ((await res.json()) as { items: Array<{ subject: string }> }).items.find((m) =>
        /export/i.test(m.subject),
      );
    });
    expect(mail.subject).toMatch(/ready/);
  });
});
