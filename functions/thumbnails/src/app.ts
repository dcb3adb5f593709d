import { eventRoutes } from '@atelier/shared/events/consumer';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import type { ThumbnailsDeps } from './deps';
import { handlers } from './index';

/** Event-driven only: a thumbnail for every new asset version. */
export function createApp(deps: ThumbnailsDeps & { version: string; checks: HealthCheck[] }) {
  const { app } = createFunction({
    name: 'thumbnails',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
  });
  app.route('/', eventRoutes({ consumer: 'thumbnails', db: deps.db, handlers: handlers(deps) }));
  return app;
}
