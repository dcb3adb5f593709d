import type { AccessTokenVerifier } from '@atelier/shared/auth/tokens';
import type { ApiKeyAuth } from '@atelier/shared/developer/api-key-auth';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import { idempotency } from '@atelier/shared/http/middleware/idempotency';
import { requireAuth } from '@atelier/shared/http/middleware/require-auth';
import type { WebhooksDeps } from './deps';
import { webhookRoutes } from './routes';

export function createApp(
  deps: WebhooksDeps & {
    version: string;
    verifier: AccessTokenVerifier;
    revocations: { isRevoked(sessionId: string): boolean };
    /** API keys (`atl_live_…`) with the `webhooks:manage` scope, checked by requireAuth. */
    apiKeys?: ApiKeyAuth;
    checks: HealthCheck[];
  },
) {
  const { app } = createFunction({
    name: 'webhooks',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
    bodyLimitBytes: 16_384,
  });
  // Every POST takes an Idempotency-Key (the middleware lets other methods through).
  const replays = idempotency({ db: deps.db, clock: deps.clock });
  // `/x/*` matches `/x` too: one registration, so nothing runs twice (an API key would count twice).
  app.use('/v1/developer/webhooks/*', requireAuth(deps), replays);
  app.route('/', webhookRoutes(deps));
  return app;
}
