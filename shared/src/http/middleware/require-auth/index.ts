import type { MiddlewareHandler } from 'hono';
import type { AuthClaims } from '../../../auth/tokens';
import { UnauthorizedError } from '../../../errors';
import '../../context';

declare module 'hono' {
  interface ContextVariableMap {
    auth: AuthClaims;
  }
}

export interface RequireAuthOptions {
  verifier: { verify(token: string): Promise<AuthClaims> };
  revocations: { isRevoked(sessionId: string): boolean };
}

/**
 * Admits a request only with a valid access token (`Authorization: Bearer <jwt>`) whose session has not
 * been revoked, and puts its claims in `c.get('auth')`. Every failure is the same 401, so a caller
 * learns nothing about why a token was refused.
 */
export function requireAuth({ verifier, revocations }: RequireAuthOptions): MiddlewareHandler {
  return async function requireAuthMiddleware(c, next) {
    const header = c.req.header('authorization') ?? '';
    const token = /^bearer /i.test(header) ? header.slice(7).trim() : '';
    if (!token) throw new UnauthorizedError('A bearer access token is required');
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
