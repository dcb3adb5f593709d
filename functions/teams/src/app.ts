import type { AccessTokenVerifier } from '@atelier/shared/auth/tokens';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import { requireAuth } from '@atelier/shared/http/middleware/require-auth';
import type { TeamsDeps } from './deps';
import { teamRoutes } from './routes/teams';

export function createApp(
  deps: TeamsDeps & {
    version: string;
    verifier: AccessTokenVerifier;
    revocations: { isRevoked(sessionId: string): boolean };
    checks: HealthCheck[];
  },
) {
  const { app } = createFunction({
    name: 'teams',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
    bodyLimitBytes: 16_384,
  });
  app.use('/v1/teams', requireAuth(deps));
  app.use('/v1/teams/*', requireAuth(deps));
  app.route('/', teamRoutes(deps));
  return app;
}
