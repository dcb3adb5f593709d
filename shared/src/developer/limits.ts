import type { Redis } from '../redis';

/**
 * One atomic step per API-key request, on Redis's clock so every instance agrees:
 * a sliding window (at most `limit` requests in any `window` ms; a key may spend them in one burst),
 * then the owner's monthly quota, then the usage counters. A refused request counts nowhere.
 * KEYS: window zset, month counter, usage hash of the day. ARGV: window ms, limit, quota (0 = none),
 * quota ttl s, a unique member, the usage field.
 * Returns {verdict (1 ok, 0 rate limited, -1 quota spent), requests in the window, ms until the window
 * frees a slot, requests this month}.
 */
const script = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local resetMs = window
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if oldest[2] then resetMs = tonumber(oldest[2]) + window - now end
local used = tonumber(redis.call('GET', KEYS[2]) or '0')
if count >= tonumber(ARGV[2]) then return {0, count, resetMs, used} end
local quota = tonumber(ARGV[3])
if quota > 0 and used >= quota then return {-1, count, resetMs, used} end
redis.call('ZADD', KEYS[1], now, ARGV[5])
redis.call('PEXPIRE', KEYS[1], window)
used = redis.call('INCR', KEYS[2])
if used == 1 then redis.call('EXPIRE', KEYS[2], tonumber(ARGV[4])) end
redis.call('HINCRBY', KEYS[3], ARGV[6], 1)
redis.call('EXPIRE', KEYS[3], 604800)
return {1, count + 1, resetMs, used}
`;

export interface KeyLimits {
  perMinute: number;
  /** Requests a month for the key's owner (all their keys together); 0 = no quota. */
  monthlyQuota: number;
}

export interface KeyVerdict {
  allowed: boolean;
  /** Why it was refused. */
  refusedBy?: 'rate' | 'quota';
  headers: Record<string, string>;
  retryAfterSeconds: number;
}

const WINDOW_MS = 60_000;
export const utcDay = (at: Date) => at.toISOString().slice(0, 10);
const utcMonth = (at: Date) => at.toISOString().slice(0, 7);
const secondsToMonthEnd = (at: Date) =>
  Math.max(1, Math.ceil((Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1) - at.getTime()) / 1000));

/** Redis key names, under the deployment's namespace (tests give each platform its own). */
export const usageKeys = (namespace: string) => ({
  day: (day: string) => `${namespace}:dev:usage:${day}`,
  dayPattern: `${namespace}:dev:usage:2*`,
  flushPattern: `${namespace}:dev:usage-flush:*`,
  flushing: (day: string, nonce: string) => `${namespace}:dev:usage-flush:${day}:${nonce}`,
});

let sequence = 0;

/** Rate limit, monthly quota and usage counting for API keys, shared by every instance through Redis. */
export function createKeyLimiter(redis: Redis, namespace: string, clock: () => number = Date.now) {
  const keys = usageKeys(namespace);
  return {
    async take(key: { id: string; userId: string }, limits: KeyLimits): Promise<KeyVerdict> {
      const now = new Date(clock());
      const monthTtl = secondsToMonthEnd(now);
      const member = `${process.pid}:${++sequence}:${Math.random().toString(36).slice(2)}`;
      const [verdict, count, resetMs, used] = (await redis.eval(
        script,
        3,
        `${namespace}:dev:rate:${key.id}`,
        `${namespace}:dev:quota:${key.userId}:${utcMonth(now)}`,
        keys.day(utcDay(now)),
        WINDOW_MS,
        limits.perMinute,
        limits.monthlyQuota,
        monthTtl + 86_400,
        member,
        key.id,
      )) as [number, number, number, number];
      const resetSeconds = Math.max(1, Math.ceil(resetMs / 1000));
      const policies = [`"minute";q=${limits.perMinute};w=60`];
      const states = [`"minute";r=${Math.max(0, limits.perMinute - count)};t=${resetSeconds}`];
      if (limits.monthlyQuota > 0) {
        policies.push(`"month";q=${limits.monthlyQuota};w=${monthTtl}`);
        states.push(`"month";r=${Math.max(0, limits.monthlyQuota - used)};t=${monthTtl}`);
      }
      // draft-ietf-httpapi-ratelimit-headers: the policies, then what is left of each.
      const headers = { 'RateLimit-Policy': policies.join(', '), RateLimit: states.join(', ') };
      if (verdict === 1) return { allowed: true, headers, retryAfterSeconds: 0 };
      return {
        allowed: false,
        refusedBy: verdict === 0 ? 'rate' : 'quota',
        headers,
        retryAfterSeconds: verdict === 0 ? resetSeconds : monthTtl,
      };
    },
  };
}

/** Counts a generation asked for with an API key (the portal's chart; flushed with the requests). */
export async function countApiGeneration(redis: Redis, namespace: string, keyId: string, at: Date) {
  const day = usageKeys(namespace).day(utcDay(at));
  await redis.multi().hincrby(day, `${keyId}:g`, 1).expire(day, 604_800).exec();
}
export type KeyLimiter = ReturnType<typeof createKeyLimiter>;
