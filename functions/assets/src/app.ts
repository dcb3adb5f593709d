import type { AccessTokenVerifier } from '@atelier/shared/auth/tokens';
import type { ApiKeyAuth } from '@atelier/shared/developer/api-key-auth';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import { idempotency } from '@atelier/shared/http/middleware/idempotency';
import { requireAuth } from '@atelier/shared/http/middleware/require-auth';
import type { AssetsDeps } from './deps';
import { assetRoutes } from './routes/assets';
import { brandKitRoutes } from './routes/brand-kits';

export function createApp(
  deps: AssetsDeps & {
    version: string;
    verifier: AccessTokenVerifier;
    revocations: { isRevoked(sessionId: string): boolean };
    /** API keys (`atl_live_…`) of the public API, checked by requireAuth. */
    apiKeys?: ApiKeyAuth;
    checks: HealthCheck[];
  },
) {
  const { app } = createFunction({
    name: 'assets',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
    // JSON only: files go straight to storage through presigned uploads.
    bodyLimitBytes: 16_384,
  });
  // Every POST takes an Idempotency-Key (the middleware lets other methods through).
  const replays = idempotency({ db: deps.db, clock: deps.clock });
  // `/x/*` matches `/x` too: one registration, so nothing runs twice (an API key would count twice).
  for (const path of ['/v1/assets/*', '/v1/brand-kits/*']) app.use(path, requireAuth(deps), replays);
  app.route('/', assetRoutes(deps));
  app.route('/', brandKitRoutes(deps));
  return app;
}
