import { aiFromConfig } from '@atelier/shared/ai/setup';
import { aiEnv, authEnv, dbEnv, rabbitEnv, redisEnv, s3Env } from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { openAuthenticatedWithEvents } from '@atelier/shared/http/connections';
import { storageProbe } from '@atelier/shared/probes';
import { createStorage } from '@atelier/shared/storage';
import { createApp } from './app';

bootFunction(
  'generations',
  { ...dbEnv, ...redisEnv, ...rabbitEnv, ...authEnv, ...s3Env, ...aiEnv },
  async (ctx) => {
    const { db, redis, outbox, verifier, revocations, checks } = await openAuthenticatedWithEvents(
      'generations',
      ctx.config,
      ctx,
    );
    const storage = createStorage(ctx.config);
    const c = ctx.config;
    return createApp({
      version: c.APP_VERSION,
      log: ctx.log,
      db,
      outbox,
      storage,
      clock: Date.now,
      // The worker decides per request; this only tells the studio up front.
      isOffline: aiFromConfig(c, { redis, log: ctx.log }).isOffline,
      verifier,
      revocations,
      checks: [...checks, storageProbe(storage)],
    });
  },
);
