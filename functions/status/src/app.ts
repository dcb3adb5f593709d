import { createFunction } from '@atelier/shared/http/create-function';
import type { Logger } from '@atelier/shared/log';
import { statusRoutes } from './routes/status';
import type { StatusDeps } from './status.service';

export function createApp(deps: StatusDeps & { log: Logger }) {
  const { app } = createFunction({
    name: 'status',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
  });
  app.route('/', statusRoutes(deps));
  return app;
}
