import type { Redis } from '@atelier/shared/redis';

const key = (userId: string) => `notify:streams:${userId}`;

// Drops entries whose replica stopped refreshing them (crashed), then admits if under the cap.
const ADMIT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

/**
 * Open streams per user across every replica: a sorted set of connection ids scored by when the entry
 * lapses; each replica refreshes its own entries at every heartbeat, so a crashed one's lapse.
 */
export function connectionCap(redis: Redis, opts: { max: number; ttlMs: number; clock: () => number }) {
  return {
    async admit(userId: string, connectionId: string): Promise<boolean> {
      const now = opts.clock();
      const ok = await redis.eval(
        ADMIT,
        1,
        key(userId),
        now,
        opts.max,
        now + opts.ttlMs,
        connectionId,
        opts.ttlMs * 2,
      );
      return ok === 1;
    },
    async refresh(entries: Array<{ userId: string; connectionId: string }>): Promise<void> {
      if (entries.length === 0) return;
      const until = opts.clock() + opts.ttlMs;
      const multi = redis.multi();
      for (const e of entries) {
        multi.zadd(key(e.userId), until, e.connectionId);
        multi.pexpire(key(e.userId), opts.ttlMs * 2);
      }
      await multi.exec();
    },
    async release(userId: string, connectionId: string): Promise<void> {
      await redis.zrem(key(userId), connectionId);
    },
  };
}
export type ConnectionCap = ReturnType<typeof connectionCap>;
