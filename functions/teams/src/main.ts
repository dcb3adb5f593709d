import { authEnv, dbEnv, mailEnv, publicUrlEnv, rabbitEnv, redisEnv } from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { openAuthenticatedWithEvents } from '@atelier/shared/http/connections';
import { createMailer } from '@atelier/shared/mail/mailer';
import { createApp } from './app';

const shape = {
  ...dbEnv,
  ...redisEnv,
  ...rabbitEnv,
  ...mailEnv,
  ...authEnv,
  ...publicUrlEnv,
};

bootFunction('teams', shape, async (ctx) => {
  const { db, redis, outbox, verifier, revocations, checks } = await openAuthenticatedWithEvents(
    'teams',
    ctx.config,
    ctx,
  );
  return createApp({
    version: ctx.config.APP_VERSION,
    log: ctx.log,
    db,
    outbox,
    mailer: createMailer(ctx.config, redis),
    clock: Date.now,
    publicUrl: ctx.config.PUBLIC_URL,
    verifier,
    revocations,
    checks,
  });
});
