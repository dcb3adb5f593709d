import type { AccessTokenVerifier } from '@atelier/shared/auth/tokens';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import { requireAuth } from '@atelier/shared/http/middleware/require-auth';
import type { GenerationsDeps } from './deps';
import { generationRoutes } from './routes';

export function createApp(
  deps: GenerationsDeps & {
    version: string;
    verifier: AccessTokenVerifier;
    revocations: { isRevoked(sessionId: string): boolean };
    checks: HealthCheck[];
  },
) {
  const { app } = createFunction({
    name: 'generations',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
    // A prompt of 4,000 characters (up to 4 bytes each) and a few fields.
    bodyLimitBytes: 32_768,
  });
  for (const path of ['/v1/generations', '/v1/generations/*']) app.use(path, requireAuth(deps));
  app.route('/', generationRoutes(deps));
  return app;
}
