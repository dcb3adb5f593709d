import { createStripe, stripePrices } from '@atelier/shared/billing/stripe';
import {
  dbEnv,
  dunningEnv,
  mailEnv,
  publicUrlEnv,
  rabbitEnv,
  redisEnv,
  stripeEnv,
} from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { openEventWorker } from '@atelier/shared/http/event-worker';
import { createMailer } from '@atelier/shared/mail/mailer';
import { createRedis } from '@atelier/shared/redis';
import { createApp } from './app';

const workerEnv = {
  ...dbEnv,
  ...rabbitEnv,
  ...redisEnv,
  ...mailEnv,
  ...stripeEnv,
  ...publicUrlEnv,
  ...dunningEnv,
};

bootFunction('billing-worker', workerEnv, async (ctx) => {
  // Redis holds the dev mailbox when no SMTP server is configured.
  const redis = createRedis(ctx.config);
  ctx.onShutdown(() => redis.quit());
  return createApp({
    version: ctx.config.APP_VERSION,
    log: ctx.log,
    mailer: createMailer(ctx.config, redis),
    stripe: createStripe(ctx.config),
    prices: stripePrices(ctx.config),
    publicUrl: ctx.config.PUBLIC_URL,
    graceDays: ctx.config.DUNNING_GRACE_DAYS,
    clock: Date.now,
    ...openEventWorker('billing-worker', ctx.config, ctx),
  });
});
