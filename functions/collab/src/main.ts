import { authEnv, dbEnv, int, rabbitEnv, redisEnv, z } from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { openAuthenticatedWithEvents } from '@atelier/shared/http/connections';
import { createApp } from './app';
import { createCollabServer } from './server';
import { createRoomStore } from './store';

bootFunction(
  'collab',
  {
    ...dbEnv,
    ...redisEnv,
    ...rabbitEnv,
    ...authEnv,
    /** How long after an edit the document is written back as a design-document revision. */
    COLLAB_WRITE_BACK_MS: z._default(int(100, 600_000), 2_000),
    /** Stored updates per room before they are compacted into its snapshot. */
    COLLAB_COMPACT_EVERY: z._default(int(10, 100_000), 200),
    /** A long-running holder of many rooms appends in parallel: a bigger pool than a request function's. */
    COLLAB_DB_POOL_MAX: z._default(int(1, 100), 8),
  },
  async (ctx) => {
    // Rooms write back on SIGTERM, so the database and Redis close only after them (closers run together).
    const later: Array<() => unknown> = [];
    const { db, redis, outbox, verifier, revocations, checks } = await openAuthenticatedWithEvents(
      'collab',
      { ...ctx.config, DB_POOL_MAX: ctx.config.COLLAB_DB_POOL_MAX },
      { log: ctx.log, onShutdown: (close) => later.push(close) },
    );
    const c = ctx.config;
    const store = createRoomStore({ db, outbox, clock: Date.now });
    const collab = createCollabServer({
      db,
      redis,
      store,
      verifier,
      revocations,
      log: ctx.log,
      writeBackMs: c.COLLAB_WRITE_BACK_MS,
      compactEvery: c.COLLAB_COMPACT_EVERY,
    });
    ctx.onShutdown(async () => {
      await collab.close();
      await Promise.allSettled(later.map(async (close) => close()));
    });
    const app = createApp({
      version: c.APP_VERSION,
      log: ctx.log,
      db,
      outbox,
      clock: Date.now,
      verifier,
      revocations,
      checks,
    });
    return { app, attach: collab.attach };
  },
);
