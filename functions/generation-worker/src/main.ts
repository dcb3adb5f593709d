import { aiFromConfig } from '@atelier/shared/ai/setup';
import { aiEnv, dbEnv, int, rabbitEnv, redisEnv, s3Env, z } from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { openFileWorker } from '@atelier/shared/http/file-worker';
import { redisProbe } from '@atelier/shared/probes';
import { createRedis } from '@atelier/shared/redis';
import { createApp } from './app';

const workerEnv = {
  ...dbEnv,
  ...rabbitEnv,
  ...redisEnv,
  ...s3Env,
  ...aiEnv,
  /** Work whose stage started longer ago is failed by the sweep and its credits released. */
  GENERATION_STUCK_AFTER_MS: z._default(int(10_000, 24 * 3_600_000), 15 * 60_000),
};

bootFunction('generation-worker', workerEnv, async (ctx) => {
  // Redis holds the providers' circuit breakers, shared by every instance.
  const redis = createRedis(ctx.config);
  ctx.onShutdown(() => redis.quit());
  const opened = openFileWorker('generation-worker', ctx.config, ctx);
  return createApp({
    version: ctx.config.APP_VERSION,
    log: ctx.log,
    ai: aiFromConfig(ctx.config, { redis, log: ctx.log }),
    clock: Date.now,
    stuckAfterMs: ctx.config.GENERATION_STUCK_AFTER_MS,
    ...opened,
    checks: [...opened.checks, redisProbe(redis)],
  });
});
