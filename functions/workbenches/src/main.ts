import { RevocationList } from '@atelier/shared/auth/revocations';
import { verifierFromConfig } from '@atelier/shared/auth/verifier';
import { authEnv, dbEnv, rabbitEnv, redisEnv } from '@atelier/shared/config';
import { createDb } from '@atelier/shared/db';
import { createOutbox } from '@atelier/shared/events/outbox';
import { createPublisher } from '@atelier/shared/events/publisher';
import { bootFunction } from '@atelier/shared/http/boot';
import { postgresProbe, redisProbe } from '@atelier/shared/probes';
import { createRedis } from '@atelier/shared/redis';
import { createApp } from './app';

const shape = { ...dbEnv, ...redisEnv, ...rabbitEnv, ...authEnv };

bootFunction('workbenches', shape, async ({ config, log, onShutdown }) => {
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
    outbox: createOutbox({ db, publisher, source: 'atelier/workbenches', log, sweepOnStart: true }),
    clock: Date.now,
    verifier: verifierFromConfig(config),
    revocations,
    checks: [postgresProbe(sql), redisProbe(redis)],
  });
});
