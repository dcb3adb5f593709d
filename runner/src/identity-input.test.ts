import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from './test-support/platform';
import { newUser, request, startIdentityPlatform, type TestUser } from './test-support/users';

/**
 * Every identity endpoint against bad input: malformed JSON, wrong types, over-long strings, unknown
 * fields, missing fields and malformed ids must answer 400 with a machine-readable code (and the
 * offending field for schema errors), never a 500. A test below fails when a route is added to
 * auth, users or teams without a row here.
 */
type Row = {
  method: string;
  /** Route as declared (`:id` style); `sample` fills its parameters with well-formed values. */
  route: string;
  signedIn: boolean;
  /** A body that would pass validation; undefined for routes that read none. */
  valid?: Record<string, unknown>;
  query?: Record<string, string>;
};

const PASSWORD = 'Correct-horse-9';
const token = 'x'.repeat(43);
const rows: Row[] = [
  {
    method: 'POST',
    route: '/v1/auth/register',
    signedIn: false,
    valid: { email: 'a@example.test', password: PASSWORD, displayName: 'A' },
  },
  { method: 'POST', route: '/v1/auth/verify-email', signedIn: false, valid: { token } },
  {
    method: 'POST',
    route: '/v1/auth/resend-verification',
    signedIn: false,
    valid: { email: 'a@example.test' },
  },
  {
    method: 'POST',
    route: '/v1/auth/login',
    signedIn: false,
    valid: { email: 'a@example.test', password: PASSWORD },
  },
  { method: 'POST', route: '/v1/auth/refresh', signedIn: false, valid: { refreshToken: token } },
  { method: 'POST', route: '/v1/auth/password/forgot', signedIn: false, valid: { email: 'a@example.test' } },
  { method: 'POST', route: '/v1/auth/password/reset', signedIn: false, valid: { token, password: PASSWORD } },
  {
    method: 'POST',
    route: '/v1/auth/mfa/verify',
    signedIn: false,
    valid: { challengeToken: token, code: '123456' },
  },
  {
    method: 'POST',
    route: '/v1/auth/password/change',
    signedIn: true,
    valid: { currentPassword: PASSWORD, newPassword: 'New-horse-battery-7' },
  },
  { method: 'POST', route: '/v1/auth/mfa/setup', signedIn: true },
  { method: 'POST', route: '/v1/auth/mfa/confirm', signedIn: true, valid: { code: '123456' } },
  { method: 'POST', route: '/v1/auth/mfa/disable', signedIn: true, valid: { code: '123456' } },
  { method: 'POST', route: '/v1/auth/logout', signedIn: true },
  { method: 'POST', route: '/v1/auth/logout-all', signedIn: true },
  { method: 'GET', route: '/v1/auth/me', signedIn: true },
  { method: 'GET', route: '/v1/auth/sessions', signedIn: true },
  { method: 'DELETE', route: '/v1/auth/sessions/:id', signedIn: true },
  { method: 'GET', route: '/v1/auth/oidc/config', signedIn: false },
  { method: 'GET', route: '/v1/auth/oidc/start', signedIn: false, query: { returnTo: '/studio' } },
  { method: 'GET', route: '/v1/auth/oidc/callback', signedIn: false, query: { state: 'abc', code: 'def' } },
  { method: 'GET', route: '/v1/me', signedIn: true },
  { method: 'GET', route: '/v1/me/account', signedIn: true },
  { method: 'PATCH', route: '/v1/me', signedIn: true, valid: { displayName: 'New name' } },
  { method: 'DELETE', route: '/v1/me', signedIn: true, valid: { password: PASSWORD } },
  {
    method: 'PUT',
    route: '/v1/me/notifications',
    signedIn: true,
    valid: { comments: { inApp: true, email: false, push: true } },
  },
  { method: 'GET', route: '/v1/me/consents', signedIn: true },
  {
    method: 'PUT',
    route: '/v1/me/consents/:kind',
    signedIn: true,
    valid: { granted: true, version: '2026-11' },
  },
  { method: 'POST', route: '/v1/me/export', signedIn: true },
  { method: 'GET', route: '/v1/me/exports', signedIn: true },
  { method: 'GET', route: '/v1/me/exports/:id', signedIn: true },
  {
    method: 'POST',
    route: '/v1/me/picture/upload',
    signedIn: true,
    valid: { contentType: 'image/png', size: 1000 },
  },
  {
    method: 'POST',
    route: '/v1/me/picture/complete',
    signedIn: true,
    valid: { key: 'users/x/picture/upload-x' },
  },
  { method: 'DELETE', route: '/v1/me/picture', signedIn: true },
  { method: 'POST', route: '/v1/teams', signedIn: true, valid: { name: 'Studio' } },
  { method: 'GET', route: '/v1/teams', signedIn: true },
  { method: 'GET', route: '/v1/teams/:id', signedIn: true },
  {
    method: 'POST',
    route: '/v1/teams/:id/invitations',
    signedIn: true,
    valid: { email: 'a@example.test', role: 'viewer' },
  },
  { method: 'POST', route: '/v1/teams/invitations/accept', signedIn: true, valid: { token } },
  { method: 'PATCH', route: '/v1/teams/:id/members/:userId', signedIn: true, valid: { role: 'editor' } },
  { method: 'DELETE', route: '/v1/teams/:id/members/:userId', signedIn: true },
  { method: 'POST', route: '/v1/teams/:id/transfer', signedIn: true, valid: { userId: randomUUID() } },
  { method: 'POST', route: '/v1/teams/:id/leave', signedIn: true },
];

const sampleParam = (name: string) => (name === 'kind' ? 'beta_program' : randomUUID());
const sample = (route: string, bad?: string) =>
  route.replace(/:([A-Za-z]+)/g, (_m, name: string) => (bad === name ? 'not-an-id' : sampleParam(name)));

const mutations: Array<[string, (valid: Record<string, unknown>) => unknown]> = [
  ['malformed JSON', () => '{"email": '],
  ['a JSON array', () => '[]'],
  ['wrong types', (v) => Object.fromEntries(Object.keys(v).map((k) => [k, 42]))],
  [
    'over-long strings',
    (v) => Object.fromEntries(Object.keys(v).map((k) => [k, `${'x'.repeat(5000)}@example.test`])),
  ],
  ['an unknown field', (v) => ({ ...v, isAdmin: true })],
  ['missing fields', (v) => (Object.keys(v).length > 1 ? {} : { nothing: 1 })],
];

const bodyCases = rows.flatMap((row) =>
  row.valid
    ? mutations.map(([what, mutate]) => [row.method, row.route, what, mutate(row.valid!)] as const)
    : [],
);
const paramCases = rows.flatMap((row) =>
  [...row.route.matchAll(/:([A-Za-z]+)/g)].map((m) => [row.method, row.route, m[1]!] as const),
);

/** The routes auth, users and teams declare, read from their route files. */
function declaredRoutes(): string[] {
  const found: string[] = [];
  for (const fn of ['auth', 'users', 'teams']) {
    const dir = new URL(`../../functions/${fn}/src/routes/`, import.meta.url);
    for (const file of readdirSync(dir)) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      for (const m of source.matchAll(/\.(get|post|put|patch|delete)\(\s*'(\/v1\/[^']*)'/g)) {
        found.push(`${m[1]!.toUpperCase()} ${m[2]}`);
      }
    }
  }
  return found.sort();
}

describe('identity endpoints against bad input', () => {
  let p: TestPlatform;
  let user: TestUser;
  beforeAll(async () => {
    p = await startIdentityPlatform();
    user = await newUser(p);
  });
  afterAll(() => p?.stop());

  const expectClear400 = (res: Awaited<ReturnType<typeof request>>) => {
    expect(res.status).toBe(400);
    expect(['validation_failed', 'invalid_json', 'invalid_credentials']).toContain(res.body.error?.code);
    if (res.body.error?.code !== 'invalid_json') expect(res.body.error?.details?.length).toBeGreaterThan(0);
  };

  it('has a row for every route auth, users and teams declare', () => {
    expect(declaredRoutes()).toEqual(rows.map((r) => `${r.method} ${r.route}`).sort());
  });

  it.each(bodyCases)(
    '%s %s with %s answers 400 with a field-level error',
    async (method, route, _what, body) => {
      const row = rows.find((r) => r.route === route && r.method === method)!;
      const res = await request(p, row.signedIn ? user : undefined, method, sample(route), body);
      expectClear400(res);
    },
  );

  it.each(paramCases)('%s %s with a malformed %s answers 400', async (method, route, param) => {
    const row = rows.find((r) => r.route === route && r.method === method)!;
    const res = await request(p, row.signedIn ? user : undefined, method, sample(route, param), row.valid);
    expectClear400(res);
    expect(res.body.error?.details?.[0]?.path).toBe(param);
  });

  it.each(rows.filter((r) => r.query))(
    '$method $route with a wrong or over-long query answers 400',
    async (row) => {
      for (const key of Object.keys(row.query!)) {
        const query = new URLSearchParams({ ...row.query, [key]: `//${'x'.repeat(3000)}` });
        const res = await request(p, undefined, row.method, `${row.route}?${query}`);
        expectClear400(res);
      }
    },
  );

  it.each(rows.filter((r) => r.signedIn))('$method $route without a token answers 401', async (row) => {
    const res = await request(p, undefined, row.method, sample(row.route), row.valid);
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe('unauthorized');
  });
});
