import { liveRoomKey } from '@atelier/shared/collab/live';
import { authEnv, dbEnv, rabbitEnv, redisEnv } from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { openAuthenticatedWithEvents } from '@atelier/shared/http/connections';
import { createApp } from './app';

bootFunction('workbenches', { ...dbEnv, ...redisEnv, ...rabbitEnv, ...authEnv }, async (ctx) => {
  const { db, redis, outbox, verifier, revocations, apiKeys, checks } = await openAuthenticatedWithEvents(
    'workbenches',
    ctx.config,
    ctx,
  );
  return createApp({
    version: ctx.config.APP_VERSION,
    log: ctx.log,
    db,
    outbox,
    clock: Date.now,
    isDocumentLive: async (projectId) => (await redis.exists(liveRoomKey(projectId))) > 0,
    verifier,
    revocations,
    apiKeys,
    checks,
  });
});
