import { createDb, type Db } from '../db';
import { type EventHandler, eventRoutes } from '../events/consumer';
import { createOutbox } from '../events/outbox';
import { createPublisher } from '../events/publisher';
import type { HealthCheck } from '../health';
import type { Logger } from '../log';
import { postgresProbe } from '../probes';
import type { DbConfig, Opened } from './connections';
import { createFunction } from './create-function';

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

/**
 * A function driven by events only (workers, sweeps): the common shell plus CloudEvents delivered to
 * `/_/events`, each handler run once per event for `name` as the consumer.
 */
export function createEventFunction(
  name: string,
  deps: { version: string; log: Logger; checks: HealthCheck[]; db: Db },
  handlers: EventHandler[],
) {
  const { app } = createFunction({ name, version: deps.version, log: deps.log, checks: deps.checks });
  app.route('/', eventRoutes({ consumer: name, db: deps.db, handlers }));
  return app;
}
