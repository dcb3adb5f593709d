import {
  baseEnv,
  dbEnv,
  int,
  loadConfig,
  portEnv,
  rabbitEnv,
  redisEnv,
  s3Env,
  z,
} from '@atelier/shared/config';
import { createDb } from '@atelier/shared/db';
import { runMain } from '@atelier/shared/http/main';
import { startServer } from '@atelier/shared/http/serve';
import { createLogger } from '@atelier/shared/log';
import { postgresProbe, rabbitProbe, redisProbe, storageProbe } from '@atelier/shared/probes';
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
    PLATFORM_STARTED_AT: z.optional(int(1, Number.MAX_SAFE_INTEGER)),
  });
  const log = createLogger({ name: 'status', level: config.LOG_LEVEL });
  const { sql, close } = createDb(config);
  const redis = createRedis(config);
  const rabbit = rabbitProbe(config);
  const app = createApp({
    version: config.APP_VERSION,
    log,
    clock: Date.now,
    platformStartedAt: config.PLATFORM_STARTED_AT ?? Date.now(),
    checks: [postgresProbe(sql), redisProbe(redis), rabbit, storageProbe(createStorage(config))],
  });
  await startServer(app, {
    port: config.PORT ?? config.http_port,
    log,
    onShutdown: async () => {
      await Promise.allSettled([close(), redis.quit(), rabbit.close()]);
    },
  });
});
