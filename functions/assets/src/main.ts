import { RevocationList } from '@atelier/shared/auth/revocations';
import { verifierFromConfig } from '@atelier/shared/auth/verifier';
import { authEnv, dbEnv, rabbitEnv, redisEnv, s3Env } from '@atelier/shared/config';
import { createDb } from '@atelier/shared/db';
import { createOutbox } from '@atelier/shared/events/outbox';
import { createPublisher } from '@atelier/shared/events/publisher';
import { bootFunction } from '@atelier/shared/http/boot';
import { postgresProbe, redisProbe, storageProbe } from '@atelier/shared/probes';
import { createRedis } from '@atelier/shared/redis';
import { createStorage } from '@atelier/shared/storage';
import { createApp } from './app';

bootFunction(
  'assets',
  { ...dbEnv, ...redisEnv, ...rabbitEnv, ...authEnv, ...s3Env },
  async ({ config, log, onShutdown }) => {
    const { db, sql, close } = createDb(config);
    const redis = createRedis(config);
    const publisher = createPublisher(config);
    const storage = createStorage(config);
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
      outbox: createOutbox({ db, publisher, source: 'atelier/assets', log, sweepOnStart: true }),
      storage,
      clock: Date.now,
      verifier: verifierFromConfig(config),
      revocations,
      checks: [postgresProbe(sql), redisProbe(redis), storageProbe(storage)],
    });
  },
);
