import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { UnauthorizedError } from '../../../errors';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Guards operator endpoints with a bearer token from config (the OPS_TOKEN secret), compared in
 * constant time. User and API-key auth arrive with the identity issue; operators need neither.
 */
export function opsToken({ token }: { token: string }): MiddlewareHandler {
  const expected = digest(token);
  return async function opsTokenMiddleware(c, next) {
    const header = c.req.header('authorization') ?? '';
    const presented = /^bearer /i.test(header) ? header.slice(7).trim() : ''; // the scheme is case-insensitive
    if (!presented || !timingSafeEqual(digest(presented), expected)) {
      throw new UnauthorizedError('An operator token is required (Authorization: Bearer <OPS_TOKEN>)');
    }
    await next();
  };
}
