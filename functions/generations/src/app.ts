import type { AccessTokenVerifier } from '@atelier/shared/auth/tokens';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import { rateLimit } from '@atelier/shared/http/middleware/rate-limit';
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
  const perUser = rateLimit({
    redis: deps.limits.redis,
    name: 'generation-requests',
    namespace: deps.limits.namespace,
    key: (c) => c.get('auth').userId,
    limit: deps.limits.perUserPerMinute,
    windowMs: 60_000,
  });
  app.post('/v1/generations', perUser);
  app.post('/v1/generations/:id/regenerate', perUser);
  app.route('/', generationRoutes(deps));
  return app;
}
