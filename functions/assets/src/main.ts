import { authEnv, dbEnv, rabbitEnv, redisEnv, s3Env } from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { openAuthenticatedWithEvents } from '@atelier/shared/http/connections';
import { storageProbe } from '@atelier/shared/probes';
import { createStorage } from '@atelier/shared/storage';
import { createApp } from './app';

bootFunction('assets', { ...dbEnv, ...redisEnv, ...rabbitEnv, ...authEnv, ...s3Env }, async (ctx) => {
  const { db, outbox, verifier, revocations, apiKeys, checks } = await openAuthenticatedWithEvents(
    'assets',
    ctx.config,
    ctx,
  );
  const storage = createStorage(ctx.config);
  return createApp({
    version: ctx.config.APP_VERSION,
    log: ctx.log,
    db,
    outbox,
    storage,
    clock: Date.now,
    verifier,
    revocations,
    apiKeys,
    checks: [...checks, storageProbe(storage)],
  });
});
