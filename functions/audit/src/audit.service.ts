import type { Db, Tx } from '@atelier/shared/db';
import { eventLog } from '@atelier/shared/db/schema';
import type { ReceivedEvent } from '@atelier/shared/events/consumer';
import { and, asc, eq, gt, gte } from 'drizzle-orm';
import type { ListEventsQuery } from './schemas';

/** Records one CloudEvent; the (source, id) unique index makes a redelivery a no-op. */
export async function recordEvent(tx: Tx, event: ReceivedEvent): Promise<void> {
  await tx
    .insert(eventLog)
    .values({
      eventId: event.id,
      source: event.source,
      type: event.type,
      subject: event.subject ?? null,
      time: new Date(event.time),
      data: event.data as object,
      traceparent: event.traceparent ?? null,
    })
    .onConflictDoNothing();
}

/** Oldest first from `since`, paged by sequence number. */
export async function listEvents(db: Db, q: ListEventsQuery) {
  const rows = await db
    .select()
    .from(eventLog)
    .where(
      and(
        q.type ? eq(eventLog.type, q.type) : undefined,
        q.since ? gte(eventLog.time, new Date(q.since)) : undefined,
        q.cursor ? gt(eventLog.seq, Number(q.cursor)) : undefined,
      ),
    )
    .orderBy(asc(eventLog.seq))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      id: r.eventId,
      source: r.source,
      type: r.type,
      subject: r.subject,
      time: r.time.toISOString(),
      receivedAt: r.receivedAt.toISOString(),
      traceparent: r.traceparent,
      data: r.data,
    })),
    nextCursor: rows.length > q.limit ? String(page.at(-1)!.seq) : null,
  };
}
