import { eventRoutes } from '@atelier/shared/events/consumer';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import type { PrivacyDeps } from './deps';
import { handlers } from './index';

/** Event-driven only: builds GDPR exports and erases a deleted user's files. */
export function createApp(deps: PrivacyDeps & { version: string; checks: HealthCheck[] }) {
  const { app } = createFunction({
    name: 'privacy',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
  });
  app.route('/', eventRoutes({ consumer: 'privacy', db: deps.db, handlers: handlers(deps) }));
  return app;
}
