import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import type { Db, Tx } from '../db';
import { processedEvents } from '../db/schema';
import { issuesToDetails, PoisonEventError } from '../errors';
import { runWithLogContext } from '../log';
import { countConsumedEvent, declareConsumedEvents } from '../metrics';
import { startSpan } from '../tracing';
import '../http/context';
import type { EventData, EventDef } from './define';

export interface ReceivedEvent<D = unknown> {
  id: string;
  source: string;
  type: string;
  subject?: string | undefined;
  time: string;
  data: D;
  traceparent?: string | undefined;
}

export interface EventHandler<E extends EventDef = EventDef> {
  event: E;
  /** Runs inside a transaction that also records the event as processed: a failure rolls both back. */
  handle(event: ReceivedEvent<EventData<E>>, ctx: HandlerContext): Promise<void>;
  /**
   * Long work (e.g. calling an AI provider for a minute) that commits as it goes, so it runs outside
   * the delivery's transaction: the handler makes its own short transactions and must be idempotent by
   * itself; the event is recorded as processed once it returns, and a failure means redelivery.
   */
  outsideTransaction?: boolean;
}

export interface HandlerContext {
  /**
   * The handler's transaction. Do all database work through it: the pool is small (2 a process), and a
   * handler that takes a second connection while holding this one can starve a concurrent delivery.
   */
  tx: Tx;
  /** Runs `fn` once the transaction has committed (e.g. relaying outbox rows added through `tx`). */
  afterCommit(fn: () => Promise<unknown>): void;
}

export const onEvent = <E extends EventDef>(
  event: E,
  handle: EventHandler<E>['handle'],
): EventHandler<E> => ({
  event,
  handle,
});

/** A handler of long work that commits as it goes (see `outsideTransaction`); it gets no transaction. */
export const onLongEvent = <E extends EventDef>(
  event: E,
  handle: (event: ReceivedEvent<EventData<E>>) => Promise<void>,
): EventHandler<E> => ({ event, handle: (e) => handle(e), outsideTransaction: true });

/** The path the router, Knative Triggers and PingSources deliver events to. */
export const EVENTS_PATH = '/_/events';

/**
 * Receives CloudEvents 1.0 over HTTP (binary or structured), validates them against the catalogue,
 * and runs the handler once per (consumer, source, id): a redelivered event is acknowledged without
 * a second effect. Malformed or unknown events answer 400 (not retried); handler failures answer 5xx.
 */
export function eventRoutes(opts: { consumer: string; db: Db; handlers: EventHandler[] }) {
  const byType = new Map(opts.handlers.map((h) => [h.event.type, h]));
  declareConsumedEvents([...byType.keys()]);
  const app = new Hono();
  app.post(EVENTS_PATH, async (c) => {
    const HTTP = await loadCloudEventsHttp();
    const headers = Object.fromEntries(c.req.raw.headers);
    const body = await c.req.text();
    let parsed: unknown;
    try {
      requireAttributes(headers, body);
      parsed = HTTP.toEvent({ headers, body });
    } catch (err) {
      throw new PoisonEventError('invalid_cloudevent', `Not a valid CloudEvent: ${describe(err)}`);
    }
    if (Array.isArray(parsed))
      throw new PoisonEventError('invalid_cloudevent', 'Batched CloudEvents are not accepted');
    const ce = parsed as {
      id: string;
      source: string;
      type: string;
      subject?: string;
      time?: string;
      data?: unknown;
      traceparent?: unknown;
    };
    const handler = byType.get(ce.type);
    if (!handler)
      throw new PoisonEventError('unknown_event_type', `This function does not handle ${ce.type}`);
    const data = handler.event.schema.safeParse(typeof ce.data === 'string' ? tryJson(ce.data) : ce.data);
    if (!data.success) {
      throw new PoisonEventError(
        'invalid_event_data',
        `Data does not match ${ce.type}`,
        issuesToDetails(data.error.issues),
      );
    }
    const traceparent = typeof ce.traceparent === 'string' ? ce.traceparent : undefined;
    const event: ReceivedEvent = {
      id: ce.id,
      source: ce.source,
      type: ce.type,
      subject: ce.subject,
      time: ce.time ?? new Date().toISOString(),
      data: data.data,
      traceparent,
    };
    const after: Array<() => Promise<unknown>> = [];
    // CONSUMER span: child of the event's creation (its `traceparent`), linked to the delivery's request.
    // Without tracing it is the event's traceparent itself, as the log context always had it.
    const span = startSpan(`process ${ce.type}`, {
      kind: 'consumer',
      parent: traceparent ?? null,
      links: [c.get('traceparent')],
      attributes: {
        'messaging.operation.type': 'process',
        'messaging.destination.name': ce.type,
        'messaging.message.id': ce.id,
        'messaging.consumer.group.name': opts.consumer,
        'cloudevents.event_id': ce.id,
        'cloudevents.event_source': ce.source,
        'cloudevents.event_type': ce.type,
      },
    });
    const duplicate = await runWithLogContext(
      {
        eventId: ce.id,
        eventType: ce.type,
        traceparent: span.traceparent,
        ...(span.traceId ? { traceId: span.traceId } : {}),
      },
      async () => {
        if (handler.outsideTransaction) return handleOutside(opts, handler, event);
        const dup = await opts.db.transaction(async (tx) => {
          const claimed = await tx
            .insert(processedEvents)
            .values({ consumer: opts.consumer, source: ce.source, eventId: ce.id })
            .onConflictDoNothing()
            .returning({ id: processedEvents.eventId });
          if (claimed.length === 0) return true;
          await handler.handle(event, { tx, afterCommit: (fn) => after.push(fn) });
          return false;
        });
        // Committed: what runs now may fail without undoing the event (the outbox sweep retries relays).
        for (const fn of after)
          await fn().catch((err: Error) =>
            c.get('log')?.warn({ err: err.message }, 'after-commit step failed'),
          );
        return dup;
      },
    ).then(
      (dup) => {
        span.setAttributes({ 'atelier.event.duplicate': dup });
        span.end();
        return dup;
      },
      (err: unknown) => {
        span.fail(err);
        span.end();
        throw err;
      },
    );
    countConsumedEvent(ce.type, duplicate ? 'duplicate' : 'processed');
    c.get('log')?.debug({ eventId: ce.id, type: ce.type, duplicate }, 'event handled');
    return c.body(null, 202);
  });
  return app;
}

/** Long work: skipped when recorded as processed, recorded once it has returned. */
async function handleOutside(
  opts: { consumer: string; db: Db },
  handler: EventHandler,
  event: ReceivedEvent,
) {
  const key = { consumer: opts.consumer, source: event.source, eventId: event.id };
  const [done] = await opts.db
    .select({ id: processedEvents.eventId })
    .from(processedEvents)
    .where(
      and(
        eq(processedEvents.consumer, key.consumer),
        eq(processedEvents.source, key.source),
        eq(processedEvents.eventId, key.eventId),
      ),
    );
  if (done) return true;
  await handler.handle(event, {
    get tx(): Tx {
      throw new Error(`${event.type} is handled outside a transaction: open your own`);
    },
    afterCommit: (fn) => void fn(),
  });
  await opts.db.insert(processedEvents).values(key).onConflictDoNothing();
  return false;
}

const REQUIRED = ['id', 'source', 'type', 'specversion'] as const;

/** The SDK invents a missing id and tolerates other spec versions; CloudEvents 1.0 requires both. */
function requireAttributes(headers: Record<string, string>, body: string): void {
  const structured = (headers['content-type'] ?? '').startsWith('application/cloudevents');
  let attrs: Record<string, unknown>;
  if (structured) {
    try {
      attrs = JSON.parse(body) as Record<string, unknown>;
    } catch {
      throw new Error('structured body is not JSON');
    }
  } else {
    attrs = Object.fromEntries(REQUIRED.map((a) => [a, headers[`ce-${a}`]]));
  }
  const missing = REQUIRED.filter((a) => typeof attrs[a] !== 'string' || attrs[a] === '');
  if (missing.length > 0) throw new Error(`missing required attribute(s): ${missing.join(', ')}`);
  if (attrs.specversion !== '1.0')
    throw new Error(`specversion must be 1.0, got ${String(attrs.specversion)}`);
}

/** The SDK is loaded on the first event, not at cold start. It is CommonJS: bundled, it may sit under `default`. */
async function loadCloudEventsHttp() {
  const mod = await import('cloudevents');
  return (mod.HTTP ? mod : (mod as unknown as { default: typeof mod }).default).HTTP;
}

const tryJson = (s: string): unknown => {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};

function describe(err: unknown): string {
  const e = err as { message?: string; errors?: unknown };
  const extra = Array.isArray(e.errors) ? ` (${JSON.stringify(e.errors).slice(0, 300)})` : '';
  return `${e.message ?? String(err)}${extra}`;
}
