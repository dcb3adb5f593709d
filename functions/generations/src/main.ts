import { aiEnv, authEnv, dbEnv, int, rabbitEnv, redisEnv, s3Env, z } from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { openAuthenticatedWithEvents } from '@atelier/shared/http/connections';
import { storageProbe } from '@atelier/shared/probes';
import { createStorage } from '@atelier/shared/storage';
import { createApp } from './app';

bootFunction(
  'generations',
  {
    ...dbEnv,
    ...redisEnv,
    ...rabbitEnv,
    ...authEnv,
    ...s3Env,
    ...aiEnv,
    GENERATIONS_PER_USER_PER_MINUTE: z._default(int(1, 100_000), 30),
  },
  async (ctx) => {
    const { db, redis, outbox, verifier, revocations, apiKeys, checks } = await openAuthenticatedWithEvents(
      'generations',
      ctx.config,
      ctx,
    );
    const storage = createStorage(ctx.config);
    const c = ctx.config;
    // The AI layer (the openai SDK) loads on the first quote, not at cold start: the API only asks it
    // whether samples will be offline previews.
    let isOffline: (() => Promise<boolean>) | undefined;
    const offline = async () => {
      if (!isOffline) {
        const { aiFromConfig } = await import('@atelier/shared/ai/setup');
        isOffline = aiFromConfig(c, { redis, log: ctx.log }).isOffline;
      }
      return isOffline();
    };
    return createApp({
      version: c.APP_VERSION,
      log: ctx.log,
      db,
      outbox,
      storage,
      clock: Date.now,
      isOffline: offline,
      limits: {
        redis,
        namespace: c.RATE_LIMIT_NAMESPACE,
        perUserPerMinute: c.GENERATIONS_PER_USER_PER_MINUTE,
      },
      verifier,
      revocations,
      apiKeys,
      checks: [...checks, storageProbe(storage)],
    });
  },
);
