import { authEnv, dbEnv, int, redisEnv, z } from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { openAuthenticated } from '@atelier/shared/http/connections';
import { createApp } from './app';

bootFunction(
  'stream',
  {
    ...dbEnv,
    ...redisEnv,
    ...authEnv,
    STREAM_CONNECTIONS_PER_USER: z._default(int(1, 1000), 10),
    STREAM_HEARTBEAT_MS: z._default(int(100, 120_000), 15_000),
    STREAM_REPLAY_MAX: z._default(int(1, 10_000), 500),
  },
  async (ctx) => {
    const c = ctx.config;
    const { db, redis, verifier, revocations, checks } = await openAuthenticated('stream', c, ctx);
    const built = createApp({
      version: c.APP_VERSION,
      log: ctx.log,
      db,
      redis,
      subscriber: redis,
      verifier,
      revocations,
      clock: Date.now,
      limits: {
        connectionsPerUser: c.STREAM_CONNECTIONS_PER_USER,
        heartbeatMs: c.STREAM_HEARTBEAT_MS,
        replayMax: c.STREAM_REPLAY_MAX,
      },
      checks,
    });
    // Streams end with a `bye` first, so clients reconnect (to another replica) straight away.
    ctx.onShutdown(built.close);
    return built.app;
  },
);
