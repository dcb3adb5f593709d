import { secretBox } from '@atelier/shared/auth/totp';
import { dbEnv, publicUrlEnv, rabbitEnv } from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { openEventWorker } from '@atelier/shared/http/event-worker';
import {
  targetPolicy,
  webhookDeliveryEnv,
  webhookKeyEnv,
  webhookTargetEnv,
} from '@atelier/shared/webhooks/config';
import { createApp } from './app';

bootFunction(
  'webhook-dispatcher',
  { ...dbEnv, ...rabbitEnv, ...publicUrlEnv, ...webhookKeyEnv, ...webhookTargetEnv, ...webhookDeliveryEnv },
  async (ctx) => {
    const c = ctx.config;
    if (c.NODE_ENV === 'production' && (c.WEBHOOK_ALLOW_TARGETS || c.WEBHOOK_ALLOW_HTTP))
      ctx.log.warn('WEBHOOK_ALLOW_TARGETS / WEBHOOK_ALLOW_HTTP are for development: webhooks may reach them');
    const { db, outbox, checks } = openEventWorker('webhook-dispatcher', c, ctx);
    return createApp({
      version: c.APP_VERSION,
      log: ctx.log,
      checks,
      db,
      outbox,
      box: secretBox(c.WEBHOOK_SECRET_KEY),
      policy: targetPolicy(c),
      publicUrl: c.PUBLIC_URL.replace(/\/$/, ''),
      clock: Date.now,
      timeoutMs: c.WEBHOOK_TIMEOUT_MS,
      maxAttempts: c.WEBHOOK_MAX_ATTEMPTS,
      disableAfter: c.WEBHOOK_DISABLE_AFTER,
    });
  },
);
