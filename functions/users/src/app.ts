import type { AccessTokenVerifier } from '@atelier/shared/auth/tokens';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import { requireAuth } from '@atelier/shared/http/middleware/require-auth';
import type { Logger } from '@atelier/shared/log';
import type { DeletionDeps } from './deletion.service';
import type { ExportDeps } from './exports.service';
import { meRoutes } from './routes/me';
import { pictureRoutes } from './routes/picture';

export function createApp(
  deps: DeletionDeps &
    ExportDeps & {
      version: string;
      log: Logger;
      verifier: AccessTokenVerifier;
      checks: HealthCheck[];
    },
) {
  const { app } = createFunction({
    name: 'users',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
    bodyLimitBytes: 16_384,
  });
  app.use('/v1/me', requireAuth(deps));
  app.use('/v1/me/*', requireAuth(deps));
  app.route('/', meRoutes(deps));
  app.route('/', pictureRoutes(deps));
  return app;
}
