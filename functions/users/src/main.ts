import { secretBox } from '@atelier/shared/auth/totp';
import { authEnv, dbEnv, rabbitEnv, redisEnv, s3Env, z } from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { openAuthenticatedWithEvents } from '@atelier/shared/http/connections';
import { createStorage } from '@atelier/shared/storage';
import { createApp } from './app';

const shape = {
  ...dbEnv,
  ...redisEnv,
  ...rabbitEnv,
  ...authEnv,
  ...s3Env,
  MFA_KEY: z.string().check(z.minLength(24, 'must be at least 24 characters')),
};

bootFunction('users', shape, async (ctx) => {
  const { db, redis, outbox, verifier, revocations, checks } = await openAuthenticatedWithEvents(
    'users',
    ctx.config,
    ctx,
  );
  return createApp({
    version: ctx.config.APP_VERSION,
    log: ctx.log,
    db,
    clock: Date.now,
    outbox,
    box: secretBox(ctx.config.MFA_KEY),
    redis,
    storage: createStorage(ctx.config),
    verifier,
    revocations,
    checks,
  });
});
