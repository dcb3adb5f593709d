import type { Logger } from '@atelier/shared/log';
import {
  type LiveMessage,
  liveMessage,
  USER_CHANNEL_PREFIX,
  userChannel,
} from '@atelier/shared/notifications/live';
import type { Redis } from '@atelier/shared/redis';

export interface Listener {
  deliver(message: LiveMessage): void;
  /** The subscriber reconnected: messages may have been lost meanwhile. */
  resync(): void;
}

/**
 * One Redis subscriber per process, fanning each user's channel out to that process's open streams. A
 * user's channel is subscribed while at least one of their streams is open here.
 */
export class Hub {
  private readonly sub: Redis;
  private readonly byUser = new Map<string, Set<Listener>>();
  private readonly subscribed = new Map<string, Promise<unknown>>();
  private connectedOnce = false;

  constructor(
    redis: Redis,
    private readonly log: Logger,
  ) {
    this.sub = redis.duplicate();
    this.sub.on('error', () => {});
    this.sub.on('message', (channel: string, raw: string) => this.onMessage(channel, raw));
    // ioredis subscribes again by itself after a reconnect; what was published meanwhile is read back.
    this.sub.on('ready', () => {
      if (this.connectedOnce) for (const set of this.byUser.values()) for (const l of set) l.resync();
      this.connectedOnce = true;
    });
  }

  get connections(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  /** Resolves once the user's channel is subscribed: nothing published after that is missed. */
  async join(userId: string, listener: Listener): Promise<void> {
    let set = this.byUser.get(userId);
    if (!set) {
      set = new Set();
      this.byUser.set(userId, set);
    }
    set.add(listener);
    let ready = this.subscribed.get(userId);
    if (!ready) {
      ready = this.sub.subscribe(userChannel(userId));
      this.subscribed.set(userId, ready);
    }
    await ready;
  }

  leave(userId: string, listener: Listener): void {
    const set = this.byUser.get(userId);
    if (!set) return;
    set.delete(listener);
    if (set.size > 0) return;
    this.byUser.delete(userId);
    this.subscribed.delete(userId);
    // Commands run in order: a later join's SUBSCRIBE comes after this UNSUBSCRIBE.
    void this.sub.unsubscribe(userChannel(userId)).catch(() => {});
  }

  private onMessage(channel: string, raw: string) {
    if (!channel.startsWith(USER_CHANNEL_PREFIX)) return;
    const set = this.byUser.get(channel.slice(USER_CHANNEL_PREFIX.length));
    if (!set) return;
    let parsed: LiveMessage;
    try {
      parsed = liveMessage.parse(JSON.parse(raw));
    } catch {
      this.log.warn({ channel }, 'ignored a live message that is not the contract');
      return;
    }
    for (const l of set) l.deliver(parsed);
  }

  close(): Promise<unknown> {
    return this.sub.quit().catch(() => {});
  }
}
