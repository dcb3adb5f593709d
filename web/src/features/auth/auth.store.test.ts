import { describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../../lib/api/client';
import { createSessionStore, type SessionHint } from './auth.store';

const user = { id: 'u1', email: 'ada@example.com', emailVerified: true };
const signedIn = { accessToken: 'a1', accessTokenExpiresAt: '', sessionId: 's1', user };
const json = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status });
/** The "signed in on this device" flag, in memory. */
const memoryHint = (signedIn = true): SessionHint & { value: boolean } => ({
  value: signedIn,
  get() {
    return this.value;
  },
  set(v) {
    this.value = v;
  },
});

describe('session store', () => {
  it('restores a session from the refresh cookie at start', async () => {
    const fetch = vi.fn(async () => json(200, signedIn));
    const store = createSessionStore(createApiClient({ fetch }), memoryHint());
    expect(store.getState().status).toBe('unknown');
    await store.getState().restore();
    expect(store.getState()).toMatchObject({ status: 'signedIn', user });
  });

  it('is signed out when there is no session, or the server cannot be reached', async () => {
    const none = createSessionStore(
      createApiClient({ fetch: vi.fn(async () => json(401, { error: { code: 'invalid_token' } })) }),
      memoryHint(),
    );
    await none.getState().restore();
    expect(none.getState().status).toBe('signedOut');
    const offline = createSessionStore(
      createApiClient({ fetch: vi.fn(async () => Promise.reject(new TypeError())) }),
      memoryHint(),
    );
    await offline.getState().restore();
    expect(offline.getState().status).toBe('signedOut');
  });

  it('signs out locally even when the server call fails, and forgets the token', async () => {
    const fetch = vi.fn(async (url: string) =>
      url.endsWith('/logout') ? Promise.reject(new TypeError('offline')) : json(200, { ok: true }),
    );
    const api = createApiClient({ fetch });
    const store = createSessionStore(api, memoryHint(false));
    store.getState().adopt(signedIn);
    expect(api.signedIn).toBe(true);
    await expect(store.getState().signOut()).rejects.toMatchObject({ code: 'network_error' });
    expect(store.getState().status).toBe('signedOut');
    expect(api.signedIn).toBe(false);
  });

  it('follows the client when a refresh is refused mid-session', async () => {
    const fetch = vi.fn(async () => json(401, { error: { code: 'unauthorized' } }));
    const api = createApiClient({ fetch });
    const store = createSessionStore(api, memoryHint(false));
    store.getState().adopt(signedIn);
    await api.get('/v1/me').catch(() => {});
    expect(store.getState().status).toBe('signedOut');
  });

  it('does not ask for a refresh when this device was not signed in, unless told to', async () => {
    const fetch = vi.fn(async () => json(200, signedIn));
    const hint = memoryHint(false);
    const store = createSessionStore(createApiClient({ fetch }), hint);
    await store.getState().restore();
    expect(store.getState().status).toBe('signedOut');
    expect(fetch).not.toHaveBeenCalled();
    // Back from an external provider: the cookie is new, so ask anyway.
    await store.getState().restore({ force: true });
    expect(store.getState().status).toBe('signedIn');
    expect(hint.value).toBe(true);
  });

  it('sets the flag at sign-in and clears it at sign-out and when a refresh is refused', async () => {
    const hint = memoryHint(false);
    const store = createSessionStore(createApiClient({ fetch: vi.fn(async () => json(204)) }), hint);
    store.getState().adopt(signedIn);
    expect(hint.value).toBe(true);
    await store.getState().signOut();
    expect(hint.value).toBe(false);

    const refused = memoryHint(true);
    const gone = createSessionStore(
      createApiClient({ fetch: vi.fn(async () => json(401, { error: { code: 'invalid_token' } })) }),
      refused,
    );
    await gone.getState().restore();
    expect(refused.value).toBe(false);
  });
});
