import { RevocationList } from '@atelier/shared/auth/revocations';
import { secretBox } from '@atelier/shared/auth/totp';
import { verifierFromConfig } from '@atelier/shared/auth/verifier';
import { authEnv, dbEnv, rabbitEnv, redisEnv, s3Env, z } from '@atelier/shared/config';
import { createDb } from '@atelier/shared/db';
import { createOutbox } from '@atelier/shared/events/outbox';
import { createPublisher } from '@atelier/shared/events/publisher';
import { bootFunction } from '@atelier/shared/http/boot';
import { postgresProbe, redisProbe } from '@atelier/shared/probes';
import { createRedis } from '@atelier/shared/redis';
import { createStorage } from '@atelier/shared/storage';
import { createApp } from './app';

const shape = {
  ...dbEnv,
  ...redisEnv,
  ...rabbitEnv,
  ...authEnv,
  ...s3Env,
  MFA_KEY: z.string().check(z.minLength(24, 'must be at least 24 characters')),
};

bootFunction('users', shape, async ({ config, log, onShutdown }) => {
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
    clock: Date.now,
    outbox: createOutbox({ db, publisher, source: 'atelier/users', log, sweepOnStart: true }),
    box: secretBox(config.MFA_KEY),
    redis,
    storage: createStorage(config),
    verifier: verifierFromConfig(config),
    revocations,
    checks: [postgresProbe(sql), redisProbe(redis)],
  });
});
