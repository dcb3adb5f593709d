import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import { requireAuth } from '@atelier/shared/http/middleware/require-auth';
import type { Redis } from '@atelier/shared/redis';
import { connectionCap } from './cap';
import type { StreamDeps } from './deps';
import { Hub } from './hub';
import { inboxRoutes } from './routes';
import { streamRoutes } from './sse';

/** Live notifications (GET /v1/stream, SSE) and the inbox API, on any number of replicas. */
export function createApp(deps: StreamDeps & { version: string; checks: HealthCheck[]; subscriber: Redis }) {
  const { app } = createFunction({
    name: 'stream',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
    bodyLimitBytes: 16_384, // settings are the largest body: a few hundred bytes
  });
  const hub = new Hub(deps.subscriber, deps.log);
  const cap = connectionCap(deps.redis, {
    max: deps.limits.connectionsPerUser,
    ttlMs: deps.limits.heartbeatMs * 3,
    clock: deps.clock,
  });
  const streams = streamRoutes(deps, hub, cap);
  for (const path of ['/v1/notifications', '/v1/notifications/*']) app.use(path, requireAuth(deps));
  app.route('/', streams.app);
  app.route('/', inboxRoutes(deps));
  return {
    app,
    hub,
    close: async () => {
      streams.close();
      for (const conn of streams.open) conn.bye('shutting_down');
      await hub.close();
    },
  };
}
