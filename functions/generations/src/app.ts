import type { AccessTokenVerifier } from '@atelier/shared/auth/tokens';
import type { ApiKeyAuth } from '@atelier/shared/developer/api-key-auth';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import { idempotency } from '@atelier/shared/http/middleware/idempotency';
import { rateLimit } from '@atelier/shared/http/middleware/rate-limit';
import { requireAuth } from '@atelier/shared/http/middleware/require-auth';
import type { GenerationsDeps } from './deps';
import { generationRoutes } from './routes';

export function createApp(
  deps: GenerationsDeps & {
    version: string;
    verifier: AccessTokenVerifier;
    revocations: { isRevoked(sessionId: string): boolean };
    /** API keys (`atl_live_…`) of the public API, checked by requireAuth. */
    apiKeys?: ApiKeyAuth;
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
  // Replays of a request with its Idempotency-Key start no work: they pass before the per-user limit.
  const replays = idempotency({ db: deps.db, clock: deps.clock });
  // `/x/*` matches `/x` too: one registration, so nothing runs twice (an API key would count twice).
  app.use('/v1/generations/*', requireAuth(deps), replays);
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
