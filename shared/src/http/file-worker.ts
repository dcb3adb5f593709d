import { createDb } from '../db';
import { createOutbox } from '../events/outbox';
import { createPublisher } from '../events/publisher';
import { postgresProbe, storageProbe } from '../probes';
import { createStorage, type StorageConfig } from '../storage';
import type { DbConfig, Opened } from './connections';

/**
 * What an event worker with files opens: PostgreSQL, storage, a publisher and the outbox for what it
 * emits, with probes for the database and the bucket.
 */
export function openFileWorker(
  name: string,
  config: DbConfig &
    StorageConfig & { RABBITMQ_URL: string; EVENTS_EXCHANGE: string; K_SINK?: string | undefined },
  ctx: Opened,
) {
  const { db, sql, close } = createDb(config);
  const publisher = createPublisher(config);
  const storage = createStorage(config);
  ctx.onShutdown(() => publisher.close());
  ctx.onShutdown(close);
  return {
    db,
    storage,
    outbox: createOutbox({ db, publisher, source: `atelier/${name}`, log: ctx.log, sweepOnStart: true }),
    checks: [postgresProbe(sql), storageProbe(storage)],
  };
}
