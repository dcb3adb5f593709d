import type { Context } from 'hono';
import type { AuthClaims } from '../auth/tokens';
import { entitlementsFor } from '../billing/plans';
import type { Db } from '../db';
import { AppError, UnauthorizedError } from '../errors';
import type { Redis } from '../redis';
import { type ApiKeyVerifier, createApiKeyVerifier } from './api-keys';
import { createKeyLimiter, type KeyLimiter, type KeyLimits } from './limits';
import { scopeFor } from './scopes';

export interface ApiKeySettings {
  /** Redis key namespace of limits and counters (RATE_LIMIT_NAMESPACE). */
  namespace: string;
  perMinute: number;
  clock?: () => number;
}

const PLAN_CACHE_MS = 60_000;
const unlimited = { allowed: true, headers: {}, retryAfterSeconds: 0 } as const;

/**
 * The API-key half of requireAuth(): verify the key, count it against its rate limit and its owner's
 * monthly quota (IETF RateLimit headers on every answer, 429 with Retry-After when spent), then check
 * that the route is public and the key holds its scope.
 */
export function createApiKeyAuth(
  db: Db,
  redis: Redis,
  settings: ApiKeySettings,
  parts: { verifier?: ApiKeyVerifier; limiter?: KeyLimiter } = {},
) {
  const clock = settings.clock ?? Date.now;
  const verifier = parts.verifier ?? createApiKeyVerifier(db, clock);
  const limiter = parts.limiter ?? createKeyLimiter(redis, settings.namespace, clock);
  // The owner's plan decides the quota; a plan change shows within a minute.
  const plans = new Map<string, { limits: KeyLimits; until: number }>();
  async function limitsFor(userId: string): Promise<KeyLimits> {
    const cached = plans.get(userId);
    if (cached && cached.until > clock()) return cached.limits;
    const { apiRequestsPerMonth } = await entitlementsFor(db, { userId });
    const limits = { perMinute: settings.perMinute, monthlyQuota: apiRequestsPerMonth };
    if (plans.size > 10_000) plans.clear();
    plans.set(userId, { limits, until: clock() + PLAN_CACHE_MS });
    return limits;
  }

  return {
    limiter,
    async authenticate(c: Context, token: string, ip: string | undefined): Promise<AuthClaims> {
      const check = await verifier.verify(token, ip);
      if (!check.ok) {
        if (check.reason === 'unknown') throw new UnauthorizedError('The API key is not valid');
        throw new AppError(
          'unauthorized',
          401,
          `The API key has ${check.reason === 'revoked' ? 'been revoked' : 'expired'}`,
          {
            reason: check.reason,
          },
        );
      }
      const verdict =
        settings.perMinute === 0
          ? unlimited
          : await limiter.take({ id: check.key.id, userId: check.userId }, await limitsFor(check.userId));
      for (const [name, value] of Object.entries(verdict.headers)) c.header(name, value);
      if (!verdict.allowed) {
        c.header('retry-after', String(verdict.retryAfterSeconds));
        throw verdict.refusedBy === 'quota'
          ? new AppError('quota_exceeded', 429, 'The monthly API quota of your plan is spent', {
              retryAfterSeconds: verdict.retryAfterSeconds,
            })
          : new AppError('rate_limited', 429, 'Too many requests with this API key', {
              retryAfterSeconds: verdict.retryAfterSeconds,
            });
      }
      const scope = scopeFor(c.req.method, c.req.path);
      if (!scope) throw new AppError('forbidden', 403, 'API keys cannot call this route: sign in instead');
      if (!check.key.scopes.includes(scope))
        throw new AppError('insufficient_scope', 403, `The API key lacks the scope ${scope}`, { scope });
      return {
        userId: check.userId,
        sessionId: `apikey:${check.key.id}`,
        emailVerified: check.emailVerified,
        exp: Number.MAX_SAFE_INTEGER,
        apiKey: check.key,
      };
    },
  };
}
export type ApiKeyAuth = ReturnType<typeof createApiKeyAuth>;
