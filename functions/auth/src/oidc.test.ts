import { randomUUID } from 'node:crypto';
import { totpCode } from '@atelier/shared/auth/totp';
import { eventLog, externalIdentities, users } from '@atelier/shared/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browse,
  cookieHeader,
  freePort,
  startOidcProvider,
} from '../../../runner/src/test-support/oidc-provider';
import { eventually, type TestPlatform } from '../../../runner/src/test-support/platform';
import {
  newUser,
  request,
  startIdentityPlatform,
  TEST_PASSWORD,
  turnOnMfa,
} from '../../../runner/src/test-support/users';

describe('external sign-in (OpenID Connect) against a real provider', () => {
  let p: TestPlatform;
  let idp: Awaited<ReturnType<typeof startOidcProvider>>;

  beforeAll(async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    idp = await startOidcProvider(`${publicUrl}/v1/auth/oidc/callback`);
    p = await startIdentityPlatform({
      GATEWAY_PORT: String(port),
      PUBLIC_URL: publicUrl,
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_NAME: 'Test IdP',
    });
  });
  afterAll(async () => {
    await p?.stop();
    await idp?.stop();
  });

  /** A person at the provider as `email`, clicking "Continue with Test IdP" on the sign-in page. */
  async function signInExternally(email: string, opts: { verified?: boolean; returnTo?: string } = {}) {
    const sub = randomUUID();
    idp.accounts.set(sub, { email, email_verified: opts.verified ?? true, name: 'Ext Ernal' });
    const start = `${p.url}/v1/auth/oidc/start?returnTo=${encodeURIComponent(opts.returnTo ?? '/studio')}`;
    return { sub, ...(await browse(start, sub)) };
  }

  /** What the web app does on /signed-in: trade the HttpOnly cookie for an access token. */
  async function refreshWith(jar: Map<string, string>) {
    const res = await fetch(`${p.url}/v1/auth/refresh`, {
      method: 'POST',
      headers: { cookie: cookieHeader(jar), 'content-length': '0' },
    });
    return { status: res.status, body: (await res.json()) as { accessToken: string; user: { id: string } } };
  }

  it('says whether it is configured and under which name', async () => {
    const res = await request(p, undefined, 'GET', '/v1/auth/oidc/config');
    expect(res.body).toEqual({ enabled: true, name: 'Test IdP', issuer: idp.issuer });
  });

  it('creates a verified account on first sign-in and finds it again on the next', async () => {
    const email = `${randomUUID()}@example.test`;
    const first = await signInExternally(email);
    expect(first.landing.pathname).toBe('/signed-in');
    expect(first.landing.searchParams.get('returnTo')).toBe('/studio');
    const session = await refreshWith(first.jar);
    expect(session.status).toBe(200);
    const me = await request(p, session.body, 'GET', '/v1/me');
    expect(me.body).toMatchObject({ email, emailVerified: true, displayName: 'Ext Ernal' });

    const again = await browse(`${p.url}/v1/auth/oidc/start`, first.sub);
    expect((await refreshWith(again.jar)).body.user.id).toBe(session.body.user.id);
    const links = await p.db.db
      .select()
      .from(externalIdentities)
      .where(eq(externalIdentities.userId, session.body.user.id));
    expect(links).toMatchObject([{ issuer: idp.issuer, subject: first.sub, email }]);
    // No password was ever set: the password sign-in cannot open this account.
    const pw = await request(p, undefined, 'POST', '/v1/auth/login', { email, password: TEST_PASSWORD });
    expect(pw.status).toBe(401);
    await eventually(async () => {
      const rows = await p.db.db
        .select()
        .from(eventLog)
        .where(eq(eventLog.type, 'dev.atelier.identity.user.external_identity_linked.v1'));
      return rows.some((r) => (r.data as { userId: string }).userId === session.body.user.id);
    });
  });

  it('links to an existing account by its verified email, which keeps its password', async () => {
    const existing = await newUser(p);
    const ext = await signInExternally(existing.email);
    expect((await refreshWith(ext.jar)).body.user.id).toBe(existing.userId);
    const pw = await request(p, undefined, 'POST', '/v1/auth/login', {
      email: existing.email,
      password: TEST_PASSWORD,
    });
    expect(pw.status).toBe(200);
  });

  it('takes over an unverified account only by removing its password and sessions (no pre-hijacking)', async () => {
    const squatter = await newUser(p, { verified: false });
    const ext = await signInExternally(squatter.email);
    expect((await refreshWith(ext.jar)).body.user.id).toBe(squatter.userId);
    await eventually(async () => (await request(p, squatter, 'GET', '/v1/me')).status === 401, 5000);
    const pw = await request(p, undefined, 'POST', '/v1/auth/login', {
      email: squatter.email,
      password: TEST_PASSWORD,
    });
    expect(pw.status).toBe(401);
  });

  it('refuses an address the provider has not verified, creating nothing', async () => {
    const email = `${randomUUID()}@example.test`;
    const ext = await signInExternally(email, { verified: false });
    expect(ext.landing.pathname).toBe('/sign-in');
    expect(ext.landing.searchParams.get('error')).toBe('oidc_email_unverified');
    expect(await p.db.db.select().from(users).where(eq(users.email, email))).toEqual([]);
  });

  it('asks for the authenticator code when the account has MFA on', async () => {
    const user = await newUser(p, { mfa: true });
    const ext = await signInExternally(user.email);
    expect(ext.landing.pathname).toBe('/sign-in');
    const challengeToken = ext.landing.searchParams.get('mfaChallenge')!;
    expect(ext.jar.has('atelier_refresh')).toBe(false);
    const code = totpCode(user.mfaSecret!, Date.now() + 30_000);
    const verified = await request(p, undefined, 'POST', '/v1/auth/mfa/verify', { challengeToken, code });
    expect(verified.status).toBe(200);
    expect((verified.body.user as { id: string }).id).toBe(user.userId);
  });

  it('refuses a callback that did not start in this browser, or comes back twice', async () => {
    const sub = randomUUID();
    idp.accounts.set(sub, { email: `${randomUUID()}@example.test`, email_verified: true });
    const callback = '/v1/auth/oidc/callback';
    const own = await browse(`${p.url}/v1/auth/oidc/start`, sub, new Map(), callback);
    expect(own.landing.pathname).toBe(callback);

    // Someone else's browser (no flow cookie) is handed the callback: refused, no session.
    const elsewhere = await browse(own.landing.href, sub);
    expect(elsewhere.landing.searchParams.get('error')).toBe('oidc_state_invalid');
    expect(elsewhere.jar.has('atelier_refresh')).toBe(false);

    // The flow was single-use: even the browser that started it cannot finish it now.
    const again = await browse(own.landing.href, sub, own.jar);
    expect(again.landing.searchParams.get('error')).toBe('oidc_state_invalid');

    // A fresh flow finishes once, and its callback replayed is refused.
    const fresh = await browse(`${p.url}/v1/auth/oidc/start`, sub, new Map(), callback);
    const done = await browse(fresh.landing.href, sub, fresh.jar);
    expect(done.landing.pathname).toBe('/signed-in');
    const replay = await browse(fresh.landing.href, sub, fresh.jar);
    expect(replay.landing.searchParams.get('error')).toBe('oidc_state_invalid');
  });

  it('lets an account without a password delete itself with MFA, and says why it cannot without', async () => {
    const ext = await signInExternally(`${randomUUID()}@example.test`);
    const session = (await refreshWith(ext.jar)).body;
    const refused = await request(p, session, 'DELETE', '/v1/me', {});
    expect(refused.status).toBe(400);
    expect(refused.body.error?.details).toEqual([{ path: 'password', message: 'no password is set' }]);
    const secret = await turnOnMfa(p, session);
    const code = totpCode(secret, Date.now() + 30_000);
    expect((await request(p, session, 'DELETE', '/v1/me', { code })).status).toBe(204);
    expect(
      await p.db.db.select().from(externalIdentities).where(eq(externalIdentities.userId, session.user.id)),
    ).toEqual([]);
  });

  it('answers 400 to a returnTo that would leave the app, and to a callback without state', async () => {
    for (const returnTo of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
      const res = await request(
        p,
        undefined,
        'GET',
        `/v1/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.error?.details?.[0]?.path).toBe('returnTo');
    }
    const res = await request(p, undefined, 'GET', '/v1/auth/oidc/callback?code=abc');
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('validation_failed');
  });
});
