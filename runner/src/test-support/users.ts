import { randomUUID } from 'node:crypto';
import { totpCode } from '@atelier/shared/auth/totp';
import { eventually, startTestPlatform, type TestPlatform } from './platform';

export const TEST_PASSWORD = 'Correct-horse-9';

export interface TestUser {
  email: string;
  userId: string;
  accessToken: string;
  refreshToken: string;
  sessionId: string;
  /** The verification token that was used (for replay tests). */
  verifyToken: string;
  /** The TOTP secret when the account was made with `mfa: true`. */
  mfaSecret?: string;
}

async function post(p: TestPlatform, path: string, body: unknown) {
  const res = await fetch(`${p.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

export async function mailTo(
  p: TestPlatform,
  email: string,
): Promise<Array<{ subject: string; text: string }>> {
  const res = await fetch(`${p.url}/dev/mail/api?to=${encodeURIComponent(email)}`);
  return ((await res.json()) as { items: Array<{ subject: string; text: string }> }).items;
}

/** A new account through the real flow: register, follow the emailed link, sign in. */
export async function newUser(
  p: TestPlatform,
  opts: { verified?: boolean; email?: string; mfa?: boolean } = {},
): Promise<TestUser> {
  const email = opts.email ?? `${randomUUID()}@example.test`;
  const reg = await post(p, '/v1/auth/register', {
    email,
    password: TEST_PASSWORD,
    displayName: 'Test User',
  });
  if (reg.status !== 202) throw new Error(`register answered ${reg.status}`);
  const mail = await eventually(async () =>
    (await mailTo(p, email)).find((m) => m.text.includes('verify-email')),
  );
  const verifyToken = /token=([A-Za-z0-9_-]{43})/.exec(mail.text)![1]!;
  if (
    opts.verified !== false &&
    (await post(p, '/v1/auth/verify-email', { token: verifyToken })).status !== 200
  ) {
    throw new Error('verification failed');
  }
  const login = await post(p, '/v1/auth/login', { email, password: TEST_PASSWORD });
  if (login.status !== 200) throw new Error(`login answered ${login.status}`);
  const b = login.body as {
    accessToken: string;
    refreshToken: string;
    sessionId: string;
    user: { id: string };
  };
  const user: TestUser = {
    email,
    userId: b.user.id,
    accessToken: b.accessToken,
    refreshToken: b.refreshToken,
    sessionId: b.sessionId,
    verifyToken,
  };
  if (opts.mfa) user.mfaSecret = await turnOnMfa(p, user);
  return user;
}

/** Turns on TOTP for `user` the way a person would (set-up, then a first code); returns the secret. */
export async function turnOnMfa(p: TestPlatform, user: { accessToken: string }): Promise<string> {
  const setup = await request(p, user, 'POST', '/v1/auth/mfa/setup');
  const secret = setup.body.secret as string;
  const confirm = await request(p, user, 'POST', '/v1/auth/mfa/confirm', { code: totpCode(secret) });
  if (confirm.status !== 200) throw new Error(`MFA confirm answered ${confirm.status}`);
  return secret;
}

export type Json = Record<string, unknown> & {
  error?: { code: string; message?: string; details?: Array<{ path: string }> };
};

/**
 * The platform as identity tests start it: generous per-address limits (every test request comes from
 * 127.0.0.1; the limits have tests of their own) and rate-limit keys of its own.
 */
export const startIdentityPlatform = (overrides: Record<string, string> = {}) =>
  startTestPlatform({
    LOGIN_PER_IP_PER_MINUTE: '100000',
    REGISTER_PER_IP_PER_HOUR: '100000',
    RATE_LIMIT_NAMESPACE: `rl-${randomUUID()}`,
    ...overrides,
  });

/** One JSON call through the gateway, as `user` (or anonymous), with any extra headers. */
export async function request(
  p: TestPlatform,
  user: { accessToken: string } | undefined,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${p.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(user ? { authorization: `Bearer ${user.accessToken}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json, headers: res.headers };
}
