import { storageProbe } from '../probes';
import { createStorage, type StorageConfig } from '../storage';
import type { DbConfig, Opened } from './connections';
import { type EventsConfig, openEventWorker } from './event-worker';

/**
 * What an event worker with files opens: PostgreSQL, storage, a publisher and the outbox for what it
 * emits, with probes for the database and the bucket.
 */
export function openFileWorker(name: string, config: DbConfig & StorageConfig & EventsConfig, ctx: Opened) {
  const opened = openEventWorker(name, config, ctx);
  const storage = createStorage(config);
  return { ...opened, storage, checks: [...opened.checks, storageProbe(storage)] };
}
