import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error';
import { createApiClient } from './client';

const json = (status: number, body: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
const signed = (token: string) => ({
  accessToken: token,
  accessTokenExpiresAt: new Date(Date.now() + 900_000).toISOString(),
  sessionId: 's1',
  user: { id: 'u1', email: 'ada@example.com', emailVerified: true },
});
const unauthorized = () => json(401, { error: { code: 'unauthorized', message: 'expired' } });

/** A fake API: /v1/auth/refresh hands out `fresh-N`; other paths accept only the latest token. */
function fakeServer(opts: { refreshOk?: boolean; refreshDelayMs?: number } = {}) {
  let issued = 0;
  let current = 'never-issued';
  const calls: Array<{ path: string; auth?: string }> = [];
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    const path = new URL(url, 'http://x').pathname;
    const auth = (init.headers as Record<string, string>).authorization;
    calls.push({ path, auth });
    if (path === '/v1/auth/refresh') {
      expect(init.credentials).toBe('include');
      await new Promise((r) => setTimeout(r, opts.refreshDelayMs ?? 5));
      if (opts.refreshOk === false) return json(401, { error: { code: 'invalid_token', message: 'no' } });
      current = `fresh-${++issued}`;
      return json(200, signed(current));
    }
    if (auth !== `Bearer ${current}`) return unauthorized();
    return json(200, { path });
  });
  return { fetch, calls, refreshes: () => calls.filter((c) => c.path === '/v1/auth/refresh').length };
}

describe('api client', () => {
  it('renews the access token once for many concurrent 401s, then retries each call', async () => {
    const server = fakeServer({ refreshDelayMs: 20 });
    const api = createApiClient({ fetch: server.fetch });
    api.setAccessToken('stale');
    const results = await Promise.all(
      ['/v1/a', '/v1/b', '/v1/c', '/v1/d'].map((p) => api.get<{ path: string }>(p)),
    );
    expect(results.map((r) => r.path)).toEqual(['/v1/a', '/v1/b', '/v1/c', '/v1/d']);
    expect(server.refreshes()).toBe(1);
    expect(server.calls.filter((c) => c.auth === 'Bearer fresh-1')).toHaveLength(4);
  });

  it('uses a token another call already renewed instead of refreshing again', async () => {
    const server = fakeServer();
    const api = createApiClient({ fetch: server.fetch });
    api.setAccessToken('stale');
    await api.get('/v1/a');
    expect(server.refreshes()).toBe(1);
    // Later calls carry the new token: no refresh at all.
    await Promise.all([api.get('/v1/b'), api.get('/v1/c')]);
    expect(server.refreshes()).toBe(1);
  });

  it('runs refreshes through the cross-tab lock', async () => {
    const server = fakeServer();
    const lock = vi.fn(<T>(fn: () => Promise<T>) => fn());
    const api = createApiClient({
      fetch: server.fetch,
      lock: lock as <T>(fn: () => Promise<T>) => Promise<T>,
    });
    await api.refresh();
    expect(lock).toHaveBeenCalledTimes(1);
  });

  it('ends the session when the refresh is refused, and says so once', async () => {
    const server = fakeServer({ refreshOk: false });
    const api = createApiClient({ fetch: server.fetch });
    const signedOut = vi.fn();
    api.onSignedOut(signedOut);
    api.setAccessToken('stale');
    await expect(api.get('/v1/me')).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect(signedOut).toHaveBeenCalledTimes(1);
    expect(api.signedIn).toBe(false);
  });

  it('does not refresh for anonymous calls or for 401s that are not about the token', async () => {
    const fetch = vi.fn(async () => json(401, { error: { code: 'invalid_credentials', message: 'wrong' } }));
    const api = createApiClient({ fetch });
    await expect(
      api.post('/v1/auth/login', { email: 'a@b.c', password: 'x' }, { auth: false }),
    ).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    await expect(api.post('/v1/auth/password/change', {})).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('maps the server error body to an ApiError with code, details and request id', async () => {
    const details = [{ path: 'password', message: 'too_short' }];
    const fetch = vi.fn(async () =>
      json(400, { error: { code: 'weak_password', message: 'policy', details, requestId: 'req-1' } }),
    );
    const api = createApiClient({ fetch });
    const err = (await api.post('/v1/auth/register', {}, { auth: false }).catch((e) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'weak_password', requestId: 'req-1' });
    expect(err.issues).toEqual(details);
  });

  it('turns a failed fetch into network_error and a non-JSON failure into unknown_error', async () => {
    const down = createApiClient({
      fetch: vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    });
    await expect(down.get('/v1/me', { auth: false })).rejects.toMatchObject({
      status: 0,
      code: 'network_error',
    });
    const html = createApiClient({ fetch: vi.fn(async () => new Response('<h1>bad</h1>', { status: 502 })) });
    await expect(html.get('/v1/me', { auth: false })).rejects.toMatchObject({
      status: 502,
      code: 'unknown_error',
    });
  });

  it('sends JSON with credentials and answers 204 with undefined', async () => {
    const fetch = vi.fn(async (_url: string, _init: RequestInit) => new Response(null, { status: 204 }));
    const api = createApiClient({ fetch, baseUrl: 'https://api.example' });
    api.setAccessToken('t');
    expect(await api.patch('/v1/me', { language: 'de-DE' })).toBeUndefined();
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('https://api.example/v1/me');
    expect(init).toMatchObject({ method: 'PATCH', credentials: 'include', body: '{"language":"de-DE"}' });
    expect(init.headers).toMatchObject({ authorization: 'Bearer t', 'content-type': 'application/json' });
  });
});
