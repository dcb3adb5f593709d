import { RevocationList } from '@atelier/shared/auth/revocations';
import { verifierFromConfig } from '@atelier/shared/auth/verifier';
import { authEnv, dbEnv, redisEnv } from '@atelier/shared/config';
import { createDb } from '@atelier/shared/db';
import { bootFunction } from '@atelier/shared/http/boot';
import { postgresProbe, redisProbe } from '@atelier/shared/probes';
import { createRedis } from '@atelier/shared/redis';
import { createApp } from './app';

// Redis only carries session revocations; templates publish no events, so no RabbitMQ.
const shape = { ...dbEnv, ...redisEnv, ...authEnv };

bootFunction('templates', shape, async ({ config, log, onShutdown }) => {
  const { db, sql, close } = createDb(config);
  const redis = createRedis(config);
  const revocations = new RevocationList(redis);
  await revocations.start();
  onShutdown(() => revocations.stop());
  onShutdown(close);
  onShutdown(() => redis.quit());
  return createApp({
    version: config.APP_VERSION,
    log,
    db,
    verifier: verifierFromConfig(config),
    revocations,
    checks: [postgresProbe(sql), redisProbe(redis)],
  });
});
