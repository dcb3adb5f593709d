import { eventRoutes } from '@atelier/shared/events/consumer';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import type { SweeperDeps } from './deps';
import { handlers } from './index';

/** Event- and cron-driven only: the retention sweep and creative's share of account erasure. */
export function createApp(deps: SweeperDeps & { version: string; checks: HealthCheck[] }) {
  const { app } = createFunction({
    name: 'creative-sweeper',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
  });
  app.route('/', eventRoutes({ consumer: 'creative-sweeper', db: deps.db, handlers: handlers(deps) }));
  return app;
}
