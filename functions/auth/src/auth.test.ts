import { randomUUID } from 'node:crypto';
import { totpCode } from '@atelier/shared/auth/totp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestPlatform, type TestPlatform } from '../../../runner/src/test-support/platform';
import {
  newUser as createUser,
  type Json,
  mailTo as mailbox,
  request,
  startIdentityPlatform,
  TEST_PASSWORD,
} from '../../../runner/src/test-support/users';

const PASSWORD = TEST_PASSWORD;
describe('auth through the gateway', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startIdentityPlatform();
  });
  afterAll(() => p?.stop());

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    request(p, undefined, method, path, body, headers);

  const bearer = (token: unknown) => ({ authorization: `Bearer ${token}` });
  const mailTo = (email: string) => mailbox(p, email);

  /** A verified account, signed in once (the shared factory, in the shape these tests read). */
  async function newUser() {
    const u = await createUser(p);
    return {
      email: u.email,
      token: u.verifyToken,
      login: { accessToken: u.accessToken, refreshToken: u.refreshToken, sessionId: u.sessionId },
    };
  }

  it('registers, verifies through the emailed link (once), and signs in', async () => {
    const { email, token, login } = await newUser();
    expect((await call('POST', '/v1/auth/verify-email', { token })).body.error?.code).toBe('invalid_token');
    const me = await call('GET', '/v1/auth/me', undefined, bearer(login.accessToken));
    expect(me.body).toMatchObject({ emailVerified: true, sessionId: login.sessionId });
    // Registering the same address again answers the same and sends nothing.
    expect(
      (await call('POST', '/v1/auth/register', { email: email.toUpperCase(), password: PASSWORD })).status,
    ).toBe(202);
    expect(await mailTo(email)).toHaveLength(1);
  });

  it('says external sign-in is off when no OIDC issuer is configured', async () => {
    expect((await call('GET', '/v1/auth/oidc/config')).body).toEqual({ enabled: false });
    const start = await call('GET', '/v1/auth/oidc/start');
    expect(start.status).toBe(404);
    expect(start.body.error?.code).toBe('not_found');
  });

  it('lets an unverified account sign in, saying it is unverified', async () => {
    const email = `${randomUUID()}@example.test`;
    await call('POST', '/v1/auth/register', { email, password: PASSWORD, language: 'de-DE' });
    const [mail] = await eventually(async () => (await mailTo(email)).length > 0 && mailTo(email));
    expect(mail!.subject).toMatch(/Bestätigen/);
    const login = await call('POST', '/v1/auth/login', { email, password: PASSWORD });
    expect((login.body.user as { emailVerified: boolean }).emailVerified).toBe(false);
  });

  it('refuses weak passwords with the reason', async () => {
    const res = await call('POST', '/v1/auth/register', {
      email: `${randomUUID()}@example.test`,
      password: 'password',
    });
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('weak_password');
    expect(JSON.stringify(res.body.error?.details)).toContain('too_short');
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const { email } = await newUser();
    const wrong = await call('POST', '/v1/auth/login', { email, password: 'Wrong-horse-99' });
    const unknown = await call('POST', '/v1/auth/login', {
      email: `${randomUUID()}@example.test`,
      password: 'Wrong-horse-99',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const strip = (b: Json) => ({ ...b.error, requestId: undefined });
    expect(strip(unknown.body)).toEqual(strip(wrong.body));
    expect(
      (await call('POST', '/v1/auth/resend-verification', { email: `${randomUUID()}@example.test` })).status,
    ).toBe(202);
  });

  it('rotates refresh tokens, and a replayed one revokes the whole session', async () => {
    const { login } = await newUser();
    const first = await call('POST', '/v1/auth/refresh', { refreshToken: login.refreshToken });
    expect(first.status).toBe(200);
    const rotated = first.body as { refreshToken: string; accessToken: string };
    expect(rotated.refreshToken).not.toBe(login.refreshToken);
    // The owner moves on with the new token; the old one shown again is a stolen copy.
    const second = (await call('POST', '/v1/auth/refresh', { refreshToken: rotated.refreshToken })).body as {
      refreshToken: string;
      accessToken: string;
    };
    const replay = await call('POST', '/v1/auth/refresh', { refreshToken: login.refreshToken });
    expect(replay.status).toBe(401);
    expect((await call('POST', '/v1/auth/refresh', { refreshToken: second.refreshToken })).status).toBe(401);
    await eventually(
      async () => (await call('GET', '/v1/auth/me', undefined, bearer(second.accessToken))).status === 401,
      5000,
    );
  });

  it('forgives a reload that lost the rotated cookie: the old token again, before its successor is used', async () => {
    const { login } = await newUser();
    const lost = (await call('POST', '/v1/auth/refresh', { refreshToken: login.refreshToken })).body as {
      refreshToken: string;
    };
    const again = await call('POST', '/v1/auth/refresh', { refreshToken: login.refreshToken });
    expect(again.status).toBe(200);
    const current = again.body as { refreshToken: string; sessionId: string };
    expect(current.sessionId).toBe(login.sessionId);
    // Only the newest token carries on; the one the reload lost is retired, and using it now (after the
    // newest was used) is reuse.
    const next = await call('POST', '/v1/auth/refresh', { refreshToken: current.refreshToken });
    expect(next.status).toBe(200);
    expect((await call('POST', '/v1/auth/refresh', { refreshToken: lost.refreshToken })).status).toBe(401);
    expect(
      (
        await call('POST', '/v1/auth/refresh', {
          refreshToken: (next.body as { refreshToken: string }).refreshToken,
        })
      ).status,
    ).toBe(401);
  });

  it('sets the refresh cookie HttpOnly, Secure, SameSite=Strict and accepts it back', async () => {
    const { email } = await newUser();
    const login = await call('POST', '/v1/auth/login', { email, password: PASSWORD });
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^atelier_refresh=[A-Za-z0-9_-]{43};/);
    for (const attr of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/v1/auth'])
      expect(cookie).toContain(attr);
    const res = await call('POST', '/v1/auth/refresh', {}, { cookie: cookie.split(';')[0]! });
    expect(res.status).toBe(200);
  });

  it('keeps at most five sessions: a sixth sign-in evicts the oldest', async () => {
    const { email, login: oldest } = await newUser();
    let latest = '';
    for (let i = 0; i < 5; i++)
      latest = (
        (await call('POST', '/v1/auth/login', { email, password: PASSWORD })).body as { accessToken: string }
      ).accessToken;
    const list = await call('GET', '/v1/auth/sessions', undefined, bearer(latest));
    expect((list.body.items as unknown[]).length).toBe(5);
    expect((await call('POST', '/v1/auth/refresh', { refreshToken: oldest.refreshToken })).status).toBe(401);
    await eventually(
      async () => (await call('GET', '/v1/auth/me', undefined, bearer(oldest.accessToken))).status === 401,
      5000,
    );
  });

  it('lists and revokes own sessions; another user’s session id is 404', async () => {
    const a = await newUser();
    const b = await newUser();
    const second = (await call('POST', '/v1/auth/login', { email: a.email, password: PASSWORD })).body as {
      accessToken: string;
      sessionId: string;
    };
    const sessions = (await call('GET', '/v1/auth/sessions', undefined, bearer(a.login.accessToken))).body
      .items as Array<{ id: string; current: boolean }>;
    expect(sessions.map((s) => s.id).sort()).toEqual([a.login.sessionId, second.sessionId].sort());
    expect(sessions.find((s) => s.current)?.id).toBe(a.login.sessionId);
    expect(
      (await call('DELETE', `/v1/auth/sessions/${b.login.sessionId}`, undefined, bearer(a.login.accessToken)))
        .status,
    ).toBe(404);
    expect((await call('GET', '/v1/auth/me', undefined, bearer(b.login.accessToken))).status).toBe(200);
    expect(
      (await call('DELETE', `/v1/auth/sessions/${second.sessionId}`, undefined, bearer(a.login.accessToken)))
        .status,
    ).toBe(204);
    await eventually(
      async () => (await call('GET', '/v1/auth/me', undefined, bearer(second.accessToken))).status === 401,
      5000,
    );
  });

  it('signs out one session, then everywhere', async () => {
    const { email, login } = await newUser();
    const other = (await call('POST', '/v1/auth/login', { email, password: PASSWORD })).body as {
      accessToken: string;
    };
    expect((await call('POST', '/v1/auth/logout', undefined, bearer(login.accessToken))).status).toBe(204);
    expect((await call('GET', '/v1/auth/me', undefined, bearer(login.accessToken))).status).toBe(401);
    expect((await call('GET', '/v1/auth/me', undefined, bearer(other.accessToken))).status).toBe(200);
    expect((await call('POST', '/v1/auth/logout-all', undefined, bearer(other.accessToken))).status).toBe(
      204,
    );
    expect((await call('GET', '/v1/auth/me', undefined, bearer(other.accessToken))).status).toBe(401);
  });

  it('publishes the JWKS, and refuses a token it did not sign', async () => {
    const jwks = (await call('GET', '/.well-known/jwks.json')).body as {
      keys: Array<{ kid: string; alg: string }>;
    };
    expect(jwks.keys[0]).toMatchObject({ alg: 'EdDSA', kid: expect.any(String) });
    const { login } = await newUser();
    const [h, , s] = login.accessToken.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: randomUUID(), sid: randomUUID(), exp: 4_000_000_000 })).toString('base64url')}.${s}`;
    expect((await call('GET', '/v1/auth/me', undefined, bearer(forged))).status).toBe(401);
  });

  it('resets a forgotten password through the emailed link (once), signing out everywhere', async () => {
    const { email, login } = await newUser();
    expect((await call('POST', '/v1/auth/password/forgot', { email })).status).toBe(202);
    const mail = await eventually(async () =>
      (await mailTo(email)).find((m) => /reset-password/.test(m.text)),
    );
    const token = /token=([A-Za-z0-9_-]{43})/.exec(mail.text)![1];
    expect(
      (await call('POST', '/v1/auth/password/reset', { token, password: 'weak' })).body.error?.code,
    ).toBe('weak_password');
    expect(
      (await call('POST', '/v1/auth/password/reset', { token, password: 'New-horse-battery-7' })).status,
    ).toBe(200);
    expect(
      (await call('POST', '/v1/auth/password/reset', { token, password: 'Other-horse-battery-7' })).body.error
        ?.code,
    ).toBe('invalid_token');
    await eventually(
      async () => (await call('GET', '/v1/auth/me', undefined, bearer(login.accessToken))).status === 401,
      5000,
    );
    expect((await call('POST', '/v1/auth/refresh', { refreshToken: login.refreshToken })).status).toBe(401);
    expect((await call('POST', '/v1/auth/login', { email, password: PASSWORD })).status).toBe(401);
    expect((await call('POST', '/v1/auth/login', { email, password: 'New-horse-battery-7' })).status).toBe(
      200,
    );
  });

  it('answers a reset request for an unknown address the same, sending nothing', async () => {
    const email = `${randomUUID()}@example.test`;
    const res = await call('POST', '/v1/auth/password/forgot', { email });
    expect(res.status).toBe(202);
    expect(await mailTo(email)).toEqual([]);
  });

  it('changes the password with the current one, ending the other sessions only', async () => {
    const { email, login } = await newUser();
    const other = (await call('POST', '/v1/auth/login', { email, password: PASSWORD })).body as {
      accessToken: string;
    };
    const wrong = await call(
      'POST',
      '/v1/auth/password/change',
      { currentPassword: 'Wrong-horse-99', newPassword: 'New-horse-battery-7' },
      bearer(login.accessToken),
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.error?.code).toBe('invalid_credentials');
    const ok = await call(
      'POST',
      '/v1/auth/password/change',
      { currentPassword: PASSWORD, newPassword: 'New-horse-battery-7' },
      bearer(login.accessToken),
    );
    expect(ok.status).toBe(204);
    expect((await call('GET', '/v1/auth/me', undefined, bearer(login.accessToken))).status).toBe(200);
    await eventually(
      async () => (await call('GET', '/v1/auth/me', undefined, bearer(other.accessToken))).status === 401,
      5000,
    );
    expect((await call('POST', '/v1/auth/login', { email, password: 'New-horse-battery-7' })).status).toBe(
      200,
    );
  });

  it('sets up TOTP with a QR code, then signs in in two steps with a code or a one-time recovery code', async () => {
    const { email, login } = await newUser();
    const auth = bearer(login.accessToken);
    const setup = (await call('POST', '/v1/auth/mfa/setup', {}, auth)).body as {
      secret: string;
      otpauthUri: string;
      qrSvg: string;
    };
    expect(setup.otpauthUri).toContain(`secret=${setup.secret}`);
    expect(setup.qrSvg).toMatch(/^<svg/);
    expect((await call('POST', '/v1/auth/mfa/confirm', { code: '000000' }, auth)).status).toBe(400);
    const confirmCode = totpCode(setup.secret);
    const confirmed = await call('POST', '/v1/auth/mfa/confirm', { code: confirmCode }, auth);
    const codes = (confirmed.body as { recoveryCodes: string[] }).recoveryCodes;
    expect(codes).toHaveLength(10);

    const first = (await call('POST', '/v1/auth/login', { email, password: PASSWORD })).body as {
      mfaRequired: boolean;
      challengeToken: string;
      accessToken?: string;
    };
    expect(first.mfaRequired).toBe(true);
    expect(first.accessToken).toBeUndefined();
    // The code just used to confirm cannot be replayed; the next step's code works.
    expect(
      (
        await call('POST', '/v1/auth/mfa/verify', {
          challengeToken: first.challengeToken,
          code: confirmCode,
        })
      ).status,
    ).toBe(400);
    const second = await call('POST', '/v1/auth/mfa/verify', {
      challengeToken: first.challengeToken,
      code: totpCode(setup.secret, Date.now() + 30_000),
    });
    expect(second.status).toBe(200);
    expect(second.body.accessToken).toBeTruthy();
    expect(second.headers.get('set-cookie')).toContain('atelier_refresh=');

    const again = (await call('POST', '/v1/auth/login', { email, password: PASSWORD })).body as {
      challengeToken: string;
    };
    expect(
      (
        await call('POST', '/v1/auth/mfa/verify', {
          challengeToken: again.challengeToken,
          recoveryCode: codes[0],
        })
      ).status,
    ).toBe(200);
    const third = (await call('POST', '/v1/auth/login', { email, password: PASSWORD })).body as {
      challengeToken: string;
    };
    expect(
      (
        await call('POST', '/v1/auth/mfa/verify', {
          challengeToken: third.challengeToken,
          recoveryCode: codes[0],
        })
      ).status,
    ).toBe(400);

    expect((await call('POST', '/v1/auth/mfa/disable', { code: '123456' }, auth)).status).toBe(400);
    expect((await call('POST', '/v1/auth/mfa/disable', { recoveryCode: codes[1] }, auth)).status).toBe(204);
    expect(
      (await call('POST', '/v1/auth/login', { email, password: PASSWORD })).body.accessToken,
    ).toBeTruthy();
  });

  it('drops an MFA challenge after 5 wrong codes', async () => {
    const { email, login } = await newUser();
    const auth = bearer(login.accessToken);
    const { secret } = (await call('POST', '/v1/auth/mfa/setup', {}, auth)).body as { secret: string };
    await call('POST', '/v1/auth/mfa/confirm', { code: totpCode(secret) }, auth);
    const { challengeToken } = (await call('POST', '/v1/auth/login', { email, password: PASSWORD })).body as {
      challengeToken: string;
    };
    for (let i = 0; i < 5; i++)
      expect((await call('POST', '/v1/auth/mfa/verify', { challengeToken, code: '000000' })).status).toBe(
        400,
      );
    const dead = await call('POST', '/v1/auth/mfa/verify', {
      challengeToken,
      code: totpCode(secret, Date.now() + 30_000),
    });
    expect(dead.status).toBe(401);
    expect(dead.body.error?.code).toBe('invalid_token');
  });
  // Bad input for every identity endpoint: runner/src/identity-input.test.ts.
});

describe('auth abuse limits', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform({
      REGISTER_PER_IP_PER_HOUR: '3',
      LOGIN_PER_IP_PER_MINUTE: '100000',
      RATE_LIMIT_NAMESPACE: `rl-${randomUUID()}`,
    });
  });
  afterAll(() => p?.stop());
  const post = (path: string, body: unknown) =>
    fetch(`${p.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('locks an account after 5 failed sign-ins, even against the right password, with Retry-After', async () => {
    const email = `${randomUUID()}@example.test`;
    expect((await post('/v1/auth/register', { email, password: PASSWORD })).status).toBe(202);
    for (let i = 0; i < 5; i++)
      expect((await post('/v1/auth/login', { email, password: 'Wrong-horse-99' })).status).toBe(401);
    const locked = await post('/v1/auth/login', { email, password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await locked.json()) as Json).error?.code).toBe('rate_limited');
  });

  it('locks an unknown address the same way (no enumeration through the lock)', async () => {
    const email = `${randomUUID()}@example.test`;
    for (let i = 0; i < 5; i++)
      expect((await post('/v1/auth/login', { email, password: 'Wrong-horse-99' })).status).toBe(401);
    expect((await post('/v1/auth/login', { email, password: 'Wrong-horse-99' })).status).toBe(429);
  });

  it('limits registrations per address with 429, Retry-After and RateLimit headers', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await post('/v1/auth/register', { email: `${randomUUID()}@example.test`, password: PASSWORD });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 2).every((s) => s === 202)).toBe(true); // one was spent by the first test
    expect(statuses.at(-1)).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last!.headers.get('ratelimit-policy')).toBe('"register-ip";q=3;w=3600');
    expect(last!.headers.get('ratelimit')).toMatch(/^"register-ip";r=0;t=([1-9][0-9]*)$/);
  });
});
