import type { Redis } from 'ioredis';

export interface Limit {
  /** How many hits a window allows. */
  limit: number;
  windowMs: number;
}

export interface LimitResult {
  allowed: boolean;
  /** Hits in the current window, this one included. */
  count: number;
  remaining: number;
  /** Seconds until the current window ends and the count starts again. */
  resetSeconds: number;
  /** When refused: seconds until the window frees up (0 when allowed). */
  retryAfterSeconds: number;
}

/**
 * A fixed-window counter in Redis, shared by every process: INCR and set the window's expiry in one
 * transaction, so concurrent hits from many instances are counted exactly.
 */
export async function hit(redis: Redis, key: string, { limit, windowMs }: Limit): Promise<LimitResult> {
  const [[, count], [, ttl]] = (await redis.multi().incr(key).pttl(key).exec()) as [
    [null, number],
    [null, number],
  ];
  if (ttl < 0) await redis.pexpire(key, windowMs);
  const remainingMs = ttl < 0 ? windowMs : ttl;
  return {
    allowed: count <= limit,
    count,
    remaining: Math.max(0, limit - count),
    resetSeconds: Math.max(1, Math.ceil(remainingMs / 1000)),
    retryAfterSeconds: count <= limit ? 0 : Math.max(1, Math.ceil(remainingMs / 1000)),
  };
}
