import type { MiddlewareHandler } from 'hono';
import type { AuthClaims } from '../../../auth/tokens';
import type { ApiKeyAuth } from '../../../developer/api-key-auth';
import { looksLikeApiKey } from '../../../developer/api-keys';
import { UnauthorizedError } from '../../../errors';
import { forwardedFor } from '../rate-limit';
import '../../context';

declare module 'hono' {
  interface ContextVariableMap {
    auth: AuthClaims;
  }
}

export interface RequireAuthOptions {
  verifier: { verify(token: string): Promise<AuthClaims> };
  revocations: { isRevoked(sessionId: string): boolean };
  /** Accept API keys (`Bearer atl_live_…`) too: functions of the public API pass it. */
  apiKeys?: ApiKeyAuth | undefined;
}

/**
 * Admits a request only with a valid access token (`Authorization: Bearer <jwt>`) whose session has not
 * been revoked, or — where the function takes them — an API key within its rate limit and scopes, and
 * puts the claims in `c.get('auth')`. A bad token is always the same 401, so a caller learns nothing
 * about why it was refused.
 */
export function requireAuth({ verifier, revocations, apiKeys }: RequireAuthOptions): MiddlewareHandler {
  return async function requireAuthMiddleware(c, next) {
    const header = c.req.header('authorization') ?? '';
    const token = /^bearer /i.test(header) ? header.slice(7).trim() : '';
    if (!token) throw new UnauthorizedError('A bearer access token is required');
    if (looksLikeApiKey(token)) {
      if (!apiKeys) throw new UnauthorizedError('API keys cannot call this route: sign in instead');
      c.set('auth', await apiKeys.authenticate(c, token, forwardedFor(c)));
      return next();
    }
    let claims: AuthClaims;
    try {
      claims = await verifier.verify(token);
    } catch {
      throw new UnauthorizedError('The access token is invalid or expired');
    }
    if (revocations.isRevoked(claims.sessionId)) throw new UnauthorizedError('The session has been revoked');
    c.set('auth', claims);
    await next();
  };
}
