import { dbEnv, int, rabbitEnv, redisEnv, s3Env, z } from '@atelier/shared/config';
import { createDb } from '@atelier/shared/db';
import { bootFunction } from '@atelier/shared/http/boot';
import { postgresProbe, rabbitProbe, redisProbe, storageProbe } from '@atelier/shared/probes';
import { createRedis } from '@atelier/shared/redis';
import { createStorage } from '@atelier/shared/storage';
import { createApp } from './app';

const shape = {
  ...dbEnv,
  ...redisEnv,
  ...rabbitEnv,
  ...s3Env,
  PLATFORM_STARTED_AT: z.optional(int(1, Number.MAX_SAFE_INTEGER)),
};

bootFunction('status', shape, async ({ config, log, onShutdown }) => {
  const { sql, close } = createDb(config);
  const redis = createRedis(config);
  const rabbit = rabbitProbe(config);
  onShutdown(close);
  onShutdown(() => redis.quit());
  onShutdown(() => rabbit.close());
  return createApp({
    version: config.APP_VERSION,
    log,
    clock: Date.now,
    platformStartedAt: config.PLATFORM_STARTED_AT ?? Date.now(),
    checks: [postgresProbe(sql), redisProbe(redis), rabbit, storageProbe(createStorage(config))],
  });
});
