import type { AccessTokenVerifier } from '@atelier/shared/auth/tokens';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import { requireAuth } from '@atelier/shared/http/middleware/require-auth';
import type { TemplatesDeps } from './deps';
import { templateRoutes } from './routes/templates';

export function createApp(
  deps: TemplatesDeps & {
    version: string;
    verifier: AccessTokenVerifier;
    revocations: { isRevoked(sessionId: string): boolean };
    checks: HealthCheck[];
  },
) {
  const { app } = createFunction({
    name: 'templates',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
    // Saving sends a project id and a few words; the document is copied server-side.
    bodyLimitBytes: 16_384,
  });
  app.use('/v1/templates', requireAuth(deps));
  app.use('/v1/templates/*', requireAuth(deps));
  app.route('/', templateRoutes(deps));
  return app;
}
