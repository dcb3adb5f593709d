import { authEnv, dbEnv, redisEnv } from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { openAuthenticated } from '@atelier/shared/http/connections';
import { createApp } from './app';

// Redis only carries session revocations; templates publish no events, so no RabbitMQ.
bootFunction('templates', { ...dbEnv, ...redisEnv, ...authEnv }, async (ctx) => {
  const { db, verifier, revocations, checks } = await openAuthenticated('templates', ctx.config, ctx);
  return createApp({ version: ctx.config.APP_VERSION, log: ctx.log, db, verifier, revocations, checks });
});
