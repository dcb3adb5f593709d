import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../runner/src/test-support/platform';
import { newUser, type TestUser } from '../../../runner/src/test-support/users';

type Json = Record<string, unknown> & { error?: { code: string; details?: unknown[] } };

describe('profile, preferences and consents', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform({
      LOGIN_PER_IP_PER_MINUTE: '100000',
      REGISTER_PER_IP_PER_HOUR: '100000',
      RATE_LIMIT_NAMESPACE: `rl-${randomUUID()}`,
    });
  });
  afterAll(() => p?.stop());
  const call = async (user: TestUser | undefined, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${p.url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(user ? { authorization: `Bearer ${user.accessToken}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  };

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
    const after = await call(user, 'PUT', '/v1/me/consents/marketing_emails', { granted: false, version });
    expect((after.body.current as Record<string, { granted: boolean }>).marketing_emails!.granted).toBe(
      false,
    );
    expect((after.body.history as Array<{ granted: boolean }>).map((h) => h.granted)).toEqual([true, false]);
    expect((await call(user, 'PUT', '/v1/me/consents/newsletter', { granted: true, version })).status).toBe(
      400,
    );
  });
});
