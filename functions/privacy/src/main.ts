import { dbEnv, mailEnv, rabbitEnv, redisEnv, s3Env } from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { openFileWorker } from '@atelier/shared/http/file-worker';
import { createMailer } from '@atelier/shared/mail/mailer';
import { createRedis } from '@atelier/shared/redis';
import { createApp } from './app';

bootFunction('privacy', { ...dbEnv, ...redisEnv, ...rabbitEnv, ...s3Env, ...mailEnv }, async (ctx) => {
  // Redis holds the dev mailbox when no SMTP server is configured.
  const redis = createRedis(ctx.config);
  ctx.onShutdown(() => redis.quit());
  return createApp({
    version: ctx.config.APP_VERSION,
    log: ctx.log,
    mailer: createMailer(ctx.config, redis),
    clock: Date.now,
    ...openFileWorker('privacy', ctx.config, ctx),
  });
});
