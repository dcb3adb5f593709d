import {
  baseEnv,
  dbEnv,
  loadConfig,
  mailEnv,
  portEnv,
  rabbitEnv,
  redisEnv,
  s3Env,
} from '@atelier/shared/config';
import { createDb } from '@atelier/shared/db';
import { createOutbox } from '@atelier/shared/events/outbox';
import { createPublisher } from '@atelier/shared/events/publisher';
import { runMain } from '@atelier/shared/http/main';
import { startServer } from '@atelier/shared/http/serve';
import { createLogger } from '@atelier/shared/log';
import { createMailer } from '@atelier/shared/mail/mailer';
import { postgresProbe, storageProbe } from '@atelier/shared/probes';
import { createRedis } from '@atelier/shared/redis';
import { createStorage } from '@atelier/shared/storage';
import { createApp } from './app';

runMain(async () => {
  const config = loadConfig({
    ...baseEnv,
    ...portEnv,
    ...dbEnv,
    ...redisEnv,
    ...rabbitEnv,
    ...s3Env,
    ...mailEnv,
  });
  const log = createLogger({ name: 'privacy', level: config.LOG_LEVEL });
  const { db, sql, close } = createDb(config);
  const redis = createRedis(config);
  const publisher = createPublisher(config);
  const storage = createStorage(config);
  const app = createApp({
    version: config.APP_VERSION,
    log,
    db,
    outbox: createOutbox({ db, publisher, source: 'atelier/privacy', log, sweepOnStart: true }),
    storage,
    mailer: createMailer(config, redis),
    clock: Date.now,
    checks: [postgresProbe(sql), storageProbe(storage)],
  });
  await startServer(app, {
    port: config.PORT ?? config.http_port,
    log,
    onShutdown: async () => {
      await Promise.allSettled([publisher.close(), close(), redis.quit()]);
    },
  });
});
