import { dbEnv, mailEnv, rabbitEnv, redisEnv, s3Env } from '@atelier/shared/config';
import { createDb } from '@atelier/shared/db';
import { createOutbox } from '@atelier/shared/events/outbox';
import { createPublisher } from '@atelier/shared/events/publisher';
import { bootFunction } from '@atelier/shared/http/boot';
import { createMailer } from '@atelier/shared/mail/mailer';
import { postgresProbe, storageProbe } from '@atelier/shared/probes';
import { createRedis } from '@atelier/shared/redis';
import { createStorage } from '@atelier/shared/storage';
import { createApp } from './app';

bootFunction(
  'privacy',
  { ...dbEnv, ...redisEnv, ...rabbitEnv, ...s3Env, ...mailEnv },
  async ({ config, log, onShutdown }) => {
    const { db, sql, close } = createDb(config);
    const redis = createRedis(config);
    const publisher = createPublisher(config);
    const storage = createStorage(config);
    onShutdown(() => publisher.close());
    onShutdown(close);
    onShutdown(() => redis.quit());
    return createApp({
      version: config.APP_VERSION,
      log,
      db,
      outbox: createOutbox({ db, publisher, source: 'atelier/privacy', log, sweepOnStart: true }),
      storage,
      mailer: createMailer(config, redis),
      clock: Date.now,
      checks: [postgresProbe(sql), storageProbe(storage)],
    });
  },
);
