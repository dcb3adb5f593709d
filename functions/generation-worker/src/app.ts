import { eventRoutes } from '@atelier/shared/events/consumer';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import type { WorkerDeps } from './deps';
import { handlers } from './index';

/** Event-driven only: samples, finals, the stuck sweep and generation's share of deletion. */
export function createApp(deps: WorkerDeps & { version: string; checks: HealthCheck[] }) {
  const { app } = createFunction({
    name: 'generation-worker',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
  });
  app.route('/', eventRoutes({ consumer: 'generation-worker', db: deps.db, handlers: handlers(deps) }));
  return app;
}
