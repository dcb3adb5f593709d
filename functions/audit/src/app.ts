import type { Db } from '@atelier/shared/db';
import { eventRoutes } from '@atelier/shared/events/consumer';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import { opsToken } from '@atelier/shared/http/middleware/ops-token';
import type { Logger } from '@atelier/shared/log';
import { handlers } from './index';
import { eventLogRoutes } from './routes/events';

export interface AuditDeps {
  db: Db;
  log: Logger;
  version: string;
  opsToken: string;
  checks: HealthCheck[];
}

export function createApp(deps: AuditDeps) {
  const { app } = createFunction({
    name: 'audit',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
  });
  app.use('/v1/ops/*', opsToken({ token: deps.opsToken }));
  app.route('/', eventLogRoutes(deps.db));
  app.route('/', eventRoutes({ consumer: 'audit', db: deps.db, handlers }));
  return app;
}
