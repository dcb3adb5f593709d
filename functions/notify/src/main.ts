import { dbEnv, mailEnv, publicUrlEnv, rabbitEnv, redisEnv } from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { openEventWorker } from '@atelier/shared/http/event-worker';
import { createMailer } from '@atelier/shared/mail/mailer';
import { redisProbe } from '@atelier/shared/probes';
import { createRedis } from '@atelier/shared/redis';
import { createApp } from './app';

bootFunction('notify', { ...dbEnv, ...rabbitEnv, ...redisEnv, ...mailEnv, ...publicUrlEnv }, async (ctx) => {
  const { db, checks } = openEventWorker('notify', ctx.config, ctx);
  const redis = createRedis(ctx.config);
  ctx.onShutdown(() => redis.quit());
  return createApp({
    version: ctx.config.APP_VERSION,
    log: ctx.log,
    db,
    redis,
    mailer: createMailer(ctx.config, redis),
    publicUrl: ctx.config.PUBLIC_URL,
    checks: [...checks, redisProbe(redis)],
  });
});
