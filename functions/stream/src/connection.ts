import type { AuthClaims } from '@atelier/shared/auth/tokens';
import type { Db } from '@atelier/shared/db';
import { notifications } from '@atelier/shared/db/schema';
import { type LiveMessage, type NotificationView, toView } from '@atelier/shared/notifications/live';
import { and, desc, eq, gt, max } from 'drizzle-orm';
import type { SSEStreamingApi } from 'hono/streaming';
import type { Listener } from './hub';

/** Writes queued past this mean a client that does not read: it is dropped and resumes by Last-Event-ID. */
const MAX_PENDING = 1000;

/**
 * One open stream. `hwm` is the highest inbox seq this stream has sent (and the SSE id of its last
 * item). Live messages arriving before the replay is done are buffered, then handled in order; a
 * notification whose `prev` is above `hwm` means one was missed (lost, or still in flight elsewhere),
 * so the gap is read from the inbox first. Each user's seq order is their commit order (notify), so
 * "seq > hwm" never skips and never repeats.
 */
export class StreamConnection implements Listener {
  private hwm = 0;
  private buffer: LiveMessage[] | undefined = [];
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private closed = false;

  constructor(
    /** Its entry in the per-user connection cap. */
    readonly id: string,
    private readonly stream: SSEStreamingApi,
    readonly claims: AuthClaims,
    private readonly db: Db,
    private readonly replayMax: number,
    private readonly onClose: () => void,
  ) {}

  get userId() {
    return this.claims.userId;
  }

  /** After the hub subscribed: replay what was missed since `lastEventId` (or start at the newest). */
  async start(lastEventId: number | undefined): Promise<void> {
    if (lastEventId === undefined) {
      this.hwm = await this.newestLiveSeq();
    } else {
      this.hwm = lastEventId;
      const sent = await this.catchUp();
      // An id from elsewhere (another account, a reset database) must not hold back what comes next.
      if (sent === 0) this.hwm = Math.min(lastEventId, await this.newestLiveSeq());
    }
    await this.write({
      event: 'ready',
      id: String(this.hwm),
      data: JSON.stringify({ lastEventId: this.hwm }),
    });
    const buffered = this.buffer ?? [];
    this.buffer = undefined;
    for (const m of buffered) this.enqueue(() => this.handle(m));
    await this.chain;
  }

  deliver(message: LiveMessage): void {
    if (this.closed) return;
    if (this.buffer) this.buffer.push(message);
    else this.enqueue(() => this.handle(message));
  }

  resync(): void {
    if (!this.buffer && !this.closed) this.enqueue(() => this.catchUp().then(() => {}));
  }

  heartbeat(): void {
    if (!this.closed) void this.stream.write(': ping\n\n').catch(() => this.close());
  }

  /** Tells the client why (e.g. its token expired: reconnect with a fresh one), then ends the stream. */
  bye(reason: string): void {
    this.enqueue(async () => {
      await this.write({ event: 'bye', data: JSON.stringify({ reason }) });
      this.close();
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }

  private enqueue(fn: () => Promise<void>) {
    if (++this.pending > MAX_PENDING) return this.close();
    this.chain = this.chain
      .then(() => (this.closed ? undefined : fn()))
      .catch(() => this.close())
      .finally(() => {
        this.pending--;
      });
  }

  private async handle(m: LiveMessage): Promise<void> {
    switch (m.kind) {
      case 'notification': {
        if (m.notification.id <= this.hwm) return; // already sent by the replay or a gap read
        if (m.prev === null || m.prev <= this.hwm) await this.send(m.notification);
        else await this.catchUp();
        return;
      }
      case 'progress':
        return this.write({
          event: 'progress',
          data: JSON.stringify({ type: m.type, data: m.data, at: m.at }),
        });
      case 'read':
        return this.write({
          event: 'read',
          data: JSON.stringify({ ids: m.ids, unreadCount: m.unreadCount }),
        });
    }
  }

  /** Sends the live items after `hwm` from the inbox, oldest first; returns how many. */
  private async catchUp(): Promise<number> {
    const rows = await this.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, this.userId),
          eq(notifications.live, true),
          gt(notifications.seq, this.hwm),
        ),
      )
      .orderBy(desc(notifications.seq))
      .limit(this.replayMax + 1);
    if (rows.length > this.replayMax) {
      rows.length = this.replayMax;
      // Too much missed to replay: the newest only, and a hint to reload the inbox for the rest.
      await this.write({ event: 'truncated', data: JSON.stringify({ replayed: this.replayMax }) });
    }
    for (const row of rows.reverse()) await this.send(toView(row));
    return rows.length;
  }

  private async send(n: NotificationView): Promise<void> {
    if (n.id <= this.hwm) return;
    await this.write({ event: 'notification', id: String(n.id), data: JSON.stringify(n) });
    this.hwm = n.id;
  }

  private async newestLiveSeq(): Promise<number> {
    const [row] = await this.db
      .select({ seq: max(notifications.seq) })
      .from(notifications)
      .where(and(eq(notifications.userId, this.userId), eq(notifications.live, true)));
    return row?.seq ?? 0;
  }

  private async write(m: { event: string; data: string; id?: string }): Promise<void> {
    if (this.closed) return;
    await this.stream.writeSSE(m);
  }
}
