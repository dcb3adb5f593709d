import { dbEnv, paypalEnv, rabbitEnv, redisEnv } from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { openEventWorker } from '@atelier/shared/http/event-worker';
import { redisProbe } from '@atelier/shared/probes';
import { createRedis } from '@atelier/shared/redis';
import { createApp } from './app';
import { fetchedCerts, pinnedCert } from './certs';

bootFunction('paypal-webhook', { ...dbEnv, ...rabbitEnv, ...redisEnv, ...paypalEnv }, async (ctx) => {
  const opened = openEventWorker('paypal-webhook', ctx.config, ctx);
  const pem = ctx.config.PAYPAL_CERT_PEM;
  // A pinned certificate needs no cache; fetched ones are cached in Redis.
  const redis = pem ? null : createRedis(ctx.config);
  if (redis) ctx.onShutdown(() => redis.quit());
  return createApp({
    version: ctx.config.APP_VERSION,
    log: ctx.log,
    webhookId: ctx.config.PAYPAL_WEBHOOK_ID,
    certs: redis ? fetchedCerts({ redis, rootsPem: ctx.config.PAYPAL_TRUSTED_ROOTS_PEM }) : pinnedCert(pem!),
    db: opened.db,
    outbox: opened.outbox,
    checks: redis ? [...opened.checks, redisProbe(redis)] : opened.checks,
  });
});
