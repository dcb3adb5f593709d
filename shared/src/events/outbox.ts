import { randomUUID } from 'node:crypto';
import { and, asc, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { outbox } from '../db/schema';
import { issuesToDetails, ValidationError } from '../errors';
import { afterReady } from '../http/lifecycle';
import type { Logger } from '../log';
import { currentLogContext } from '../log';
import { startSpan, tracingEnabled } from '../tracing';
import { newCloudEvent } from './cloudevent';
import type { EventData, EventDef } from './define';
import type { Publisher } from './publisher';

export interface OutboxOptions {
  db: Db;
  publisher: Publisher;
  source: string;
  log?: Logger;
  batchSize?: number;
  /** Relay whatever a previous process left behind once this one is ready (functions set this). */
  sweepOnStart?: boolean;
}

/**
 * Transactional outbox: events are rows written in the caller's transaction, so they exist exactly
 * when the state change does. After commit they are relayed to the broker; whatever could not be
 * relayed (broker down, crash) is picked up by `sweep()` at start and periodically.
 */
export function createOutbox({
  db,
  publisher,
  source,
  log,
  batchSize = 200,
  sweepOnStart = false,
}: OutboxOptions) {
  async function add<E extends EventDef>(
    tx: Tx,
    def: E,
    data: EventData<E>,
    opts: { subject?: string; traceparent?: string } = {},
  ): Promise<string> {
    const parsed = def.schema.safeParse(data);
    if (!parsed.success) {
      throw new ValidationError(`Event ${def.type} has invalid data`, issuesToDetails(parsed.error.issues));
    }
    const id = randomUUID();
    const parent = opts.traceparent ?? currentLogContext().traceparent;
    // With tracing on, the row carries its own PRODUCER ("create") span's context: the consumers' spans
    // hang under it, however late the relay publishes the row. Without, the caller's traceparent.
    const span = tracingEnabled()
      ? startSpan(`create ${def.type}`, {
          kind: 'producer',
          parent: parent ?? null,
          attributes: {
            'messaging.operation.type': 'create',
            'messaging.destination.name': def.type,
            'messaging.message.id': id,
            'cloudevents.event_id': id,
            'cloudevents.event_source': source,
            'cloudevents.event_type': def.type,
          },
        })
      : undefined;
    try {
      await tx.insert(outbox).values({
        id,
        type: def.type,
        source,
        subject: opts.subject ?? null,
        data: parsed.data as object,
        traceparent: span?.traceparent ?? parent ?? null,
      });
    } catch (err) {
      span?.fail(err);
      throw err;
    } finally {
      span?.end();
    }
    return id;
  }

  /** Relays pending rows (only `ids` when given). Rows locked by another relay are skipped, not sent twice. */
  async function relay(ids?: string[]): Promise<number> {
    return db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(outbox)
        .where(and(isNull(outbox.publishedAt), ids ? inArray(outbox.id, ids) : undefined))
        .orderBy(asc(outbox.createdAt))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      if (rows.length === 0) return 0;
      const rowIds = rows.map((r) => r.id);
      try {
        await publisher.publish(
          rows.map((r) =>
            newCloudEvent({
              id: r.id,
              type: r.type,
              source: r.source,
              subject: r.subject,
              data: r.data,
              time: r.createdAt,
              traceparent: r.traceparent,
            }),
          ),
        );
      } catch (err) {
        await tx
          .update(outbox)
          .set({
            attempts: sql`${outbox.attempts} + 1`,
            lastError: String((err as Error).message).slice(0, 500),
          })
          .where(inArray(outbox.id, rowIds));
        log?.warn(
          { count: rows.length, err: (err as Error).message },
          'outbox relay failed; rows kept for the sweep',
        );
        return 0;
      }
      await tx.update(outbox).set({ publishedAt: new Date() }).where(inArray(outbox.id, rowIds));
      return rows.length;
    });
  }

  /** Runs `fn` in a transaction and relays the events it added once the commit has happened. */
  async function transaction<T>(fn: (tx: Tx, emit: typeof add) => Promise<T>): Promise<T> {
    const added: string[] = [];
    const result = await db.transaction((tx) =>
      fn(tx, async (t, def, data, opts) => {
        const id = await add(t, def, data, opts);
        added.push(id);
        return id;
      }),
    );
    if (added.length > 0)
      await relay(added).catch((err) => log?.warn({ err: err.message }, 'outbox relay deferred'));
    return result;
  }

  /** Relays everything pending, batch after batch. */
  async function sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await relay();
      total += n;
      if (n < batchSize) return total;
    }
  }

  if (sweepOnStart)
    afterReady(() => sweep().catch((err) => log?.warn({ err: err.message }, 'outbox sweep on start failed')));

  return { add, relay, transaction, sweep };
}
export type Outbox = ReturnType<typeof createOutbox>;
