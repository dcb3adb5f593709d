import { ApiError } from './api-error';
import type { SignedIn } from './types';

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  baseUrl?: string;
  fetch?: FetchLike;
  /**
   * Runs a refresh exclusively across browser tabs. Refresh tokens rotate with reuse detection: two tabs
   * presenting the same cookie at once would look like a stolen token and end the session.
   */
  lock?: <T>(fn: () => Promise<T>) => Promise<T>;
}

export interface RequestOptions {
  body?: unknown;
  /** Send the access token and renew it on 401 (default true). */
  auth?: boolean;
  signal?: AbortSignal;
}

/** Web Locks where the browser has them; otherwise a refresh is only single-flight within this tab. */
export const browserLock = <T>(fn: () => Promise<T>): Promise<T> =>
  typeof navigator !== 'undefined' && navigator.locks
    ? (navigator.locks.request('atelier-refresh', fn) as Promise<T>)
    : fn();

/**
 * The one way the web app calls the API. The access token lives in this closure only (never in storage,
 * out of reach of other scripts' persistence); the refresh token is an HttpOnly cookie the browser sends
 * to /v1/auth. Concurrent 401s share one refresh.
 */
export function createApiClient(opts: ApiClientOptions = {}) {
  const base = opts.baseUrl ?? '';
  const doFetch: FetchLike = opts.fetch ?? ((input, init) => fetch(input, init));
  const lock = opts.lock ?? (<T>(fn: () => Promise<T>) => fn());
  let accessToken: string | null = null;
  let refreshing: Promise<SignedIn | null> | null = null;
  const signedOutListeners = new Set<() => void>();

  async function send(method: string, path: string, o: RequestOptions, token: string | null) {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      return await doFetch(`${base}${path}`, {
        method,
        headers,
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
        credentials: 'include',
        signal: o.signal,
      });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ApiError(0, 'network_error', (err as Error).message);
    }
  }

  async function parse<T>(res: Response): Promise<T> {
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (res.ok) return json as T;
    const e = (json as { error?: { code?: string; message?: string; details?: unknown; requestId?: string } })
      ?.error;
    throw new ApiError(
      res.status,
      e?.code ?? 'unknown_error',
      e?.message ?? res.statusText,
      e?.details,
      e?.requestId,
    );
  }

  /** Trades the refresh cookie for a new access token; null when there is no session to renew. */
  function refresh(): Promise<SignedIn | null> {
    refreshing ??= (async () => {
      try {
        const res = await lock(() => send('POST', '/v1/auth/refresh', { body: {} }, null));
        if (res.status === 401) {
          accessToken = null;
          return null;
        }
        const signed = await parse<SignedIn>(res);
        accessToken = signed.accessToken;
        return signed;
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  async function request<T>(method: string, path: string, o: RequestOptions = {}): Promise<T> {
    const auth = o.auth ?? true;
    const used = auth ? accessToken : null;
    let res = await send(method, path, o, used);
    if (auth && res.status === 401 && (await peekCode(res)) === 'unauthorized') {
      // Another call may have renewed the token while this one was in flight: use it before refreshing.
      const renewed = accessToken && accessToken !== used ? accessToken : (await refresh())?.accessToken;
      if (!renewed) {
        for (const l of signedOutListeners) l();
        throw new ApiError(401, 'unauthorized', 'Signed out');
      }
      res = await send(method, path, o, renewed);
    }
    return parse<T>(res);
  }

  return {
    request,
    refresh,
    get: <T>(path: string, o?: RequestOptions) => request<T>('GET', path, o),
    post: <T>(path: string, body?: unknown, o?: RequestOptions) =>
      request<T>('POST', path, { ...o, body: body ?? {} }),
    put: <T>(path: string, body: unknown, o?: RequestOptions) => request<T>('PUT', path, { ...o, body }),
    patch: <T>(path: string, body: unknown, o?: RequestOptions) => request<T>('PATCH', path, { ...o, body }),
    delete: <T>(path: string, body?: unknown, o?: RequestOptions) =>
      request<T>('DELETE', path, { ...o, body }),
    /** Adopts the token of a sign-in answered outside `refresh` (password or MFA step). */
    setAccessToken(token: string | null) {
      accessToken = token;
    },
    get signedIn() {
      return accessToken !== null;
    },
    /** Called when a 401 could not be cured by a refresh: the session is over. */
    onSignedOut(listener: () => void) {
      signedOutListeners.add(listener);
      return () => signedOutListeners.delete(listener);
    },
  };
}
export type ApiClient = ReturnType<typeof createApiClient>;

/** Reads a 401's error code without consuming the body the caller may still parse. */
async function peekCode(res: Response): Promise<string | undefined> {
  try {
    return ((await res.clone().json()) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}
