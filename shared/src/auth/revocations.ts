import type { Redis } from 'ioredis';
import { ACCESS_TOKEN_TTL_SECONDS } from './tokens';

const KEY = 'auth:revoked-sessions';
const CHANNEL = 'auth:revocations';

/**
 * Revoked sessions, so a revoked session's access tokens stop working within moments instead of at
 * their expiry. Kept in a Redis sorted set (member = session id, score = when the entry may be
 * forgotten: after every access token of that session has expired) and announced on a pub/sub
 * channel; each process holds the set in memory, so checking a request costs no round trip.
 */
export class RevocationList {
  private readonly revoked = new Map<string, number>();
  private subscriber: Redis | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly clock: () => number = Date.now,
  ) {}

  async start(): Promise<void> {
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('error', () => {});
    this.subscriber.on('message', (_channel: string, message: string) => {
      const [sid, until] = message.split(' ');
      if (sid && until) this.revoked.set(sid, Number(until));
    });
    // After a reconnect the channel may have missed messages: reload the set.
    this.subscriber.on('ready', () => void this.reload().catch(() => {}));
    await this.subscriber.subscribe(CHANNEL);
    await this.reload();
    this.pruneTimer = setInterval(() => this.prune(), 60_000);
    this.pruneTimer.unref();
  }

  private async reload(): Promise<void> {
    const entries = await this.redis.zrangebyscore(KEY, this.clock(), '+inf', 'WITHSCORES');
    for (let i = 0; i < entries.length; i += 2) this.revoked.set(entries[i]!, Number(entries[i + 1]));
  }

  private prune(): void {
    const now = this.clock();
    for (const [sid, until] of this.revoked) if (until <= now) this.revoked.delete(sid);
    void this.redis.zremrangebyscore(KEY, '-inf', now).catch(() => {});
  }

  /** Marks sessions revoked everywhere. */
  async revoke(sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    const until = this.clock() + (ACCESS_TOKEN_TTL_SECONDS + 60) * 1000;
    const pipeline = this.redis.multi();
    for (const sid of sessionIds) {
      pipeline.zadd(KEY, until, sid);
      pipeline.publish(CHANNEL, `${sid} ${until}`);
      this.revoked.set(sid, until);
    }
    await pipeline.exec();
  }

  isRevoked(sessionId: string): boolean {
    const until = this.revoked.get(sessionId);
    return until !== undefined && until > this.clock();
  }

  async stop(): Promise<void> {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.subscriber?.disconnect();
  }
}
