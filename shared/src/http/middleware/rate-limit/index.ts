import type { Context, MiddlewareHandler } from 'hono';
import { RateLimitedError } from '../../../errors';
import { hit, type Limit } from '../../../rate-limit';
import type { Redis } from '../../../redis';

export interface RateLimitOptions extends Limit {
  redis: Redis;
  /** Names the limit in Redis keys, e.g. `login-ip`. */
  name: string;
  /** Whom the limit counts; defaults to the client address the gateway put in x-forwarded-for. */
  key?: (c: Context) => string;
  namespace?: string;
}

/** The client address the gateway put first in x-forwarded-for, if any. */
export const forwardedFor = (c: Context): string | undefined =>
  c.req.header('x-forwarded-for')?.split(',')[0]?.trim() || undefined;
export const clientIp = (c: Context): string => forwardedFor(c) ?? 'unknown';

/** Refuses with 429 and Retry-After once a caller spends the limit; says what is left on every answer. */
export function rateLimit({
  redis,
  name,
  key = clientIp,
  namespace = 'rl',
  ...limit
}: RateLimitOptions): MiddlewareHandler {
  return async function rateLimitMiddleware(c, next) {
    const result = await hit(redis, `${namespace}:${name}:${key(c)}`, limit);
    // draft-ietf-httpapi-ratelimit-headers, named after the limit; appended, so an API key's own
    // policies (shared/src/developer/limits.ts) stay on the same answer.
    c.header('RateLimit-Policy', `"${name}";q=${limit.limit};w=${Math.round(limit.windowMs / 1000)}`, {
      append: true,
    });
    c.header('RateLimit', `"${name}";r=${result.remaining};t=${result.resetSeconds}`, { append: true });
    if (!result.allowed) throw new RateLimitedError(result.retryAfterSeconds);
    await next();
  };
}
