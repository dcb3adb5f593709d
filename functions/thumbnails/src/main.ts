import { dbEnv, rabbitEnv, s3Env } from '@atelier/shared/config';
import { createDb } from '@atelier/shared/db';
import { createOutbox } from '@atelier/shared/events/outbox';
import { createPublisher } from '@atelier/shared/events/publisher';
import { bootFunction } from '@atelier/shared/http/boot';
import { postgresProbe, storageProbe } from '@atelier/shared/probes';
import { createStorage } from '@atelier/shared/storage';
import { createApp } from './app';

bootFunction('thumbnails', { ...dbEnv, ...rabbitEnv, ...s3Env }, async ({ config, log, onShutdown }) => {
  const { db, sql, close } = createDb(config);
  const publisher = createPublisher(config);
  const storage = createStorage(config);
  onShutdown(() => publisher.close());
  onShutdown(close);
  return createApp({
    version: config.APP_VERSION,
    log,
    db,
    outbox: createOutbox({ db, publisher, source: 'atelier/thumbnails', log, sweepOnStart: true }),
    storage,
    checks: [postgresProbe(sql), storageProbe(storage)],
  });
});
