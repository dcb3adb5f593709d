import { eventRoutes } from '@atelier/shared/events/consumer';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import type { BillingWorkerDeps } from './deps';
import { handlers } from './index';

/** Event- and cron-driven only: payment events, the billing sweep, billing's share of erasure. */
export function createApp(deps: BillingWorkerDeps & { version: string; checks: HealthCheck[] }) {
  const { app } = createFunction({
    name: 'billing-worker',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
  });
  app.route('/', eventRoutes({ consumer: 'billing-worker', db: deps.db, handlers: handlers(deps) }));
  return app;
}
