import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A circuit breaker per provider whose state lives in Redis, so every instance of every function
 * sees the same one (PRODUCT.md §4). Each change is one Lua script, atomic across instances; the
 * clock is Redis's (TIME), so instances with skewed clocks agree.
 *
 * closed → open: `failureThreshold` (5) consecutive failures, or more than `failureRate` (50 %) of
 *   the calls in the rolling window (60 s, in 60 buckets) failed, counted once it holds `minCalls` (10).
 * open → half-open: after `openMs` (30 s), the first caller to ask gets the single trial call; every
 *   other caller, on any instance, is refused while that trial is out (its lease: `trialLeaseMs`, so a
 *   crashed instance cannot keep the breaker half-open forever).
 * half-open → closed when the trial succeeds (the window starts afresh); → open again when it fails.
 * Results of calls admitted before the breaker opened do not move it.
 */

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  /** Key prefix; tests give each run its own. */
  prefix?: string;
  openMs?: number;
  failureThreshold?: number;
  failureRate?: number;
  minCalls?: number;
  windowMs?: number;
  /** How long a half-open trial may be out before another caller gets one. */
  trialLeaseMs?: number;
}

export interface Permit {
  /** The state that let the call through: 'half_open' = this call is the trial. */
  readonly state: 'closed' | 'half_open';
  /** The provider answered (a refusal for the user's content counts: the provider is up). */
  success(): Promise<void>;
  /** The provider failed (network, timeout, 5xx, 429, bad credentials). */
  failure(): Promise<void>;
  /** The call ended without a verdict on the provider (the caller cancelled): frees a trial. */
  release(): Promise<void>;
}

export interface BreakerSnapshot {
  state: BreakerState;
  consecutiveFailures: number;
  /** Calls and failures in the rolling window. */
  calls: number;
  failures: number;
  /** When an open breaker lets a trial through (epoch ms), else null. */
  openUntil: number | null;
}

export interface Breaker {
  /** A permit for one call, or null while the breaker refuses calls. */
  acquire(name: string): Promise<Permit | null>;
  state(name: string): Promise<BreakerSnapshot>;
  reset(name: string): Promise<void>;
  readonly options: Required<BreakerOptions>;
}

const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// KEYS[1] state hash. ARGV: trialLeaseMs, token. → { allowed 0|1, state }
const ACQUIRE = `${NOW}
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
if state == 'closed' then return {1, 'closed'} end
if state == 'open' then
  local openUntil = tonumber(redis.call('HGET', KEYS[1], 'open_until') or '0')
  if now < openUntil then return {0, 'open'} end
else
  local trialUntil = tonumber(redis.call('HGET', KEYS[1], 'trial_until') or '0')
  if now < trialUntil then return {0, 'half_open'} end
end
redis.call('HSET', KEYS[1], 'state', 'half_open', 'trial', ARGV[2], 'trial_until', now + tonumber(ARGV[1]))
return {1, 'half_open'}`;

// KEYS[1] state hash, KEYS[2] window hash. ARGV: outcome ('ok'|'fail'|'release'), token, openMs,
// failureThreshold, failureRate, minCalls, bucketMs, buckets. → new state
const RECORD = `${NOW}
local outcome, token = ARGV[1], ARGV[2]
local openMs, threshold, rate = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local minCalls, bucketMs, buckets = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local ttl = bucketMs * buckets * 2
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
local function open()
  redis.call('HSET', KEYS[1], 'state', 'open', 'open_until', now + openMs, 'consecutive', 0)
  redis.call('HDEL', KEYS[1], 'trial', 'trial_until')
  redis.call('DEL', KEYS[2])
  return 'open'
end
if state == 'half_open' then
  if redis.call('HGET', KEYS[1], 'trial') ~= token then return state end
  if outcome == 'ok' then
    redis.call('DEL', KEYS[1], KEYS[2])
    return 'closed'
  elseif outcome == 'fail' then
    return open()
  end
  redis.call('HSET', KEYS[1], 'trial_until', 0)
  return state
end
if state == 'open' or outcome == 'release' then return state end
local bucket = math.floor(now / bucketMs)
local oldest = bucket - buckets + 1
redis.call('HINCRBY', KEYS[2], 'c:' .. bucket, 1)
if outcome == 'fail' then redis.call('HINCRBY', KEYS[2], 'f:' .. bucket, 1) end
local calls, fails = 0, 0
local all = redis.call('HGETALL', KEYS[2])
for i = 1, #all, 2 do
  local field, n = all[i], tonumber(all[i + 1])
  local b = tonumber(string.sub(field, 3))
  if b < oldest then redis.call('HDEL', KEYS[2], field)
  elseif string.sub(field, 1, 1) == 'c' then calls = calls + n
  else fails = fails + n end
end
redis.call('PEXPIRE', KEYS[2], ttl)
local consecutive = 0
if outcome == 'fail' then consecutive = redis.call('HINCRBY', KEYS[1], 'consecutive', 1)
else redis.call('HSET', KEYS[1], 'consecutive', 0) end
if consecutive >= threshold or (calls >= minCalls and fails > calls * rate) then return open() end
return 'closed'`;

// KEYS[1] state hash, KEYS[2] window hash. ARGV: bucketMs, buckets.
const SNAPSHOT = `${NOW}
local h = redis.call('HMGET', KEYS[1], 'state', 'consecutive', 'open_until', 'trial_until')
local oldest = math.floor(now / tonumber(ARGV[1])) - tonumber(ARGV[2]) + 1
local calls, fails = 0, 0
local all = redis.call('HGETALL', KEYS[2])
for i = 1, #all, 2 do
  if tonumber(string.sub(all[i], 3)) >= oldest then
    if string.sub(all[i], 1, 1) == 'c' then calls = calls + tonumber(all[i + 1])
    else fails = fails + tonumber(all[i + 1]) end
  end
end
return {h[1] or 'closed', tonumber(h[2] or '0'), tonumber(h[3] or '0'), calls, fails, now}`;

const BUCKETS = 60;

export function createBreaker(redis: Redis, options: BreakerOptions = {}): Breaker {
  const opts: Required<BreakerOptions> = {
    prefix: options.prefix ?? 'ai:breaker:',
    openMs: options.openMs ?? 30_000,
    failureThreshold: options.failureThreshold ?? 5,
    failureRate: options.failureRate ?? 0.5,
    minCalls: options.minCalls ?? 10,
    windowMs: options.windowMs ?? 60_000,
    trialLeaseMs: options.trialLeaseMs ?? 120_000,
  };
  const bucketMs = Math.max(1, Math.floor(opts.windowMs / BUCKETS));
  // Hash tags keep a provider's two keys in one slot should the Redis be a cluster.
  const keys = (name: string) => [`${opts.prefix}{${name}}:state`, `${opts.prefix}{${name}}:window`];

  const record = async (name: string, outcome: 'ok' | 'fail' | 'release', token: string) => {
    await redis.eval(
      RECORD,
      2,
      ...keys(name),
      outcome,
      token,
      opts.openMs,
      opts.failureThreshold,
      opts.failureRate,
      opts.minCalls,
      bucketMs,
      BUCKETS,
    );
  };

  return {
    options: opts,
    async acquire(name) {
      const token = randomUUID();
      const [allowed, state] = (await redis.eval(ACQUIRE, 1, keys(name)[0]!, opts.trialLeaseMs, token)) as [
        number,
        BreakerState,
      ];
      if (allowed !== 1) return null;
      // Recording once is enough: a permit's later calls are no-ops.
      let done = false;
      const once = (outcome: 'ok' | 'fail' | 'release') => async () => {
        if (done) return;
        done = true;
        await record(name, outcome, token);
      };
      return {
        state: state as 'closed' | 'half_open',
        success: once('ok'),
        failure: once('fail'),
        release: once('release'),
      };
    },
    async state(name) {
      const [state, consecutive, openUntil, calls, failures, now] = (await redis.eval(
        SNAPSHOT,
        2,
        ...keys(name),
        bucketMs,
        BUCKETS,
      )) as [BreakerState, number, number, number, number, number];
      // An open breaker whose time is up lets the next caller through: report it as half-open.
      const shown: BreakerState = state === 'open' && now >= openUntil ? 'half_open' : state;
      return {
        state: shown,
        consecutiveFailures: consecutive,
        calls,
        failures,
        openUntil: state === 'open' ? openUntil : null,
      };
    },
    async reset(name) {
      await redis.del(...keys(name));
    },
  };
}
