import { RevocationList } from '@atelier/shared/auth/revocations';
import { verifierFromConfig } from '@atelier/shared/auth/verifier';
import {
  authEnv,
  baseEnv,
  dbEnv,
  loadConfig,
  mailEnv,
  portEnv,
  rabbitEnv,
  redisEnv,
  z,
} from '@atelier/shared/config';
import { createDb } from '@atelier/shared/db';
import { createOutbox } from '@atelier/shared/events/outbox';
import { createPublisher } from '@atelier/shared/events/publisher';
import { runMain } from '@atelier/shared/http/main';
import { startServer } from '@atelier/shared/http/serve';
import { createLogger } from '@atelier/shared/log';
import { createMailer } from '@atelier/shared/mail/mailer';
import { postgresProbe, redisProbe } from '@atelier/shared/probes';
import { createRedis } from '@atelier/shared/redis';
import { createApp } from './app';

runMain(async () => {
  const config = loadConfig({
    ...baseEnv,
    ...portEnv,
    ...dbEnv,
    ...redisEnv,
    ...rabbitEnv,
    ...mailEnv,
    ...authEnv,
    PUBLIC_URL: z._default(z.url(), 'http://127.0.0.1:8080'),
  });
  const log = createLogger({ name: 'teams', level: config.LOG_LEVEL });
  const { db, sql, close } = createDb(config);
  const redis = createRedis(config);
  const publisher = createPublisher(config);
  const revocations = new RevocationList(redis);
  await revocations.start();
  const app = createApp({
    version: config.APP_VERSION,
    log,
    db,
    outbox: createOutbox({ db, publisher, source: 'atelier/teams', log, sweepOnStart: true }),
    mailer: createMailer(config, redis),
    clock: Date.now,
    publicUrl: config.PUBLIC_URL,
    verifier: verifierFromConfig(config),
    revocations,
    checks: [postgresProbe(sql), redisProbe(redis)],
  });
  await startServer(app, {
    port: config.PORT ?? config.http_port,
    log,
    onShutdown: async () => {
      await revocations.stop();
      await Promise.allSettled([publisher.close(), close(), redis.quit()]);
    },
  });
});
