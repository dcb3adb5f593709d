import { authEnv, dbEnv, redisEnv } from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { openAuthenticated } from '@atelier/shared/http/connections';
import { createApp } from './app';

bootFunction('developer', { ...dbEnv, ...redisEnv, ...authEnv }, async (ctx) => {
  const { db, redis, verifier, revocations, checks } = await openAuthenticated('developer', ctx.config, ctx);
  return createApp({
    version: ctx.config.APP_VERSION,
    log: ctx.log,
    db,
    redis,
    clock: Date.now,
    namespace: ctx.config.RATE_LIMIT_NAMESPACE,
    perMinute: ctx.config.API_RATE_LIMIT_PER_MINUTE,
    verifier,
    revocations,
    checks,
  });
});
