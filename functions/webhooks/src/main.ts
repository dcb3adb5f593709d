import { secretBox } from '@atelier/shared/auth/totp';
import { authEnv, dbEnv, int, rabbitEnv, redisEnv, z } from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { openAuthenticatedWithEvents } from '@atelier/shared/http/connections';
import { targetPolicy, webhookKeyEnv, webhookTargetEnv } from '@atelier/shared/webhooks/config';
import { createApp } from './app';
import { DEFAULT_MAX_ENDPOINTS } from './deps';

bootFunction(
  'webhooks',
  {
    ...dbEnv,
    ...redisEnv,
    ...rabbitEnv,
    ...authEnv,
    ...webhookKeyEnv,
    ...webhookTargetEnv,
    WEBHOOK_MAX_ENDPOINTS: z._default(int(1, 1000), DEFAULT_MAX_ENDPOINTS),
  },
  async (ctx) => {
    const c = ctx.config;
    const { db, outbox, verifier, revocations, apiKeys, checks } = await openAuthenticatedWithEvents(
      'webhooks',
      c,
      ctx,
    );
    return createApp({
      version: c.APP_VERSION,
      log: ctx.log,
      db,
      outbox,
      box: secretBox(c.WEBHOOK_SECRET_KEY),
      policy: targetPolicy(c),
      clock: Date.now,
      maxEndpoints: c.WEBHOOK_MAX_ENDPOINTS,
      verifier,
      revocations,
      apiKeys,
      checks,
    });
  },
);
