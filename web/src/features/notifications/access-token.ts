import type { ApiClient, SignedIn } from '../../lib/api';

/**
 * An access token for connections the API client cannot make itself (the SSE stream, the collab
 * WebSocket). The client keeps its token private, so this asks it for a renewal (`api.refresh`: single
 * flight in this tab, under the cross-tab lock, and the client adopts the new token too) and reuses the
 * answer until shortly before it expires.
 */
export function createTokenSource(api: Pick<ApiClient, 'refresh'>, now = () => Date.now()) {
  let held: { token: string; expiresAt: number } | null = null;
  return {
    async get(fresh = false): Promise<string | null> {
      if (!fresh && held && held.expiresAt - 60_000 > now()) return held.token;
      let signed: SignedIn | null;
      try {
        signed = await api.refresh();
      } catch {
        // Offline or the server is down: the caller retries later.
        throw new Error('token_unavailable');
      }
      held = signed
        ? { token: signed.accessToken, expiresAt: Date.parse(signed.accessTokenExpiresAt) }
        : null;
      return held?.token ?? null;
    },
    /** A token the app already holds (a sign-in answered it). */
    adopt(signed: Pick<SignedIn, 'accessToken' | 'accessTokenExpiresAt'>) {
      held = { token: signed.accessToken, expiresAt: Date.parse(signed.accessTokenExpiresAt) };
    },
    clear() {
      held = null;
    },
  };
}
export type TokenSource = ReturnType<typeof createTokenSource>;
