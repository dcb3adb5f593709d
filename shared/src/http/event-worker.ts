import { createDb } from '../db';
import { createOutbox } from '../events/outbox';
import { createPublisher } from '../events/publisher';
import { postgresProbe } from '../probes';
import type { DbConfig, Opened } from './connections';

export type EventsConfig = { RABBITMQ_URL: string; EVENTS_EXCHANGE: string; K_SINK?: string | undefined };

/**
 * What a function that stores rows and emits events opens, without sign-in (webhooks, event workers):
 * PostgreSQL, a publisher and the outbox, with a database probe.
 */
export function openEventWorker(name: string, config: DbConfig & EventsConfig, ctx: Opened) {
  const { db, sql, close } = createDb(config);
  const publisher = createPublisher(config);
  ctx.onShutdown(() => publisher.close());
  ctx.onShutdown(close);
  return {
    db,
    outbox: createOutbox({ db, publisher, source: `atelier/${name}`, log: ctx.log, sweepOnStart: true }),
    checks: [postgresProbe(sql)],
  };
}
