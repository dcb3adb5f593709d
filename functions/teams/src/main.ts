import { RevocationList } from '@atelier/shared/auth/revocations';
import { verifierFromConfig } from '@atelier/shared/auth/verifier';
import { authEnv, dbEnv, mailEnv, rabbitEnv, redisEnv, z } from '@atelier/shared/config';
import { createDb } from '@atelier/shared/db';
import { createOutbox } from '@atelier/shared/events/outbox';
import { createPublisher } from '@atelier/shared/events/publisher';
import { bootFunction } from '@atelier/shared/http/boot';
import { createMailer } from '@atelier/shared/mail/mailer';
import { postgresProbe, redisProbe } from '@atelier/shared/probes';
import { createRedis } from '@atelier/shared/redis';
import { createApp } from './app';

const shape = {
  ...dbEnv,
  ...redisEnv,
  ...rabbitEnv,
  ...mailEnv,
  ...authEnv,
  PUBLIC_URL: z._default(z.url(), 'http://127.0.0.1:8080'),
};

bootFunction('teams', shape, async ({ config, log, onShutdown }) => {
  const { db, sql, close } = createDb(config);
  const redis = createRedis(config);
  const publisher = createPublisher(config);
  const revocations = new RevocationList(redis);
  await revocations.start();
  onShutdown(() => revocations.stop());
  onShutdown(() => publisher.close());
  onShutdown(close);
  onShutdown(() => redis.quit());
  return createApp({
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
});
