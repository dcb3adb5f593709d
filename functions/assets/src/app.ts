import type { AccessTokenVerifier } from '@atelier/shared/auth/tokens';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import { requireAuth } from '@atelier/shared/http/middleware/require-auth';
import type { AssetsDeps } from './deps';
import { assetRoutes } from './routes/assets';
import { brandKitRoutes } from './routes/brand-kits';

export function createApp(
  deps: AssetsDeps & {
    version: string;
    verifier: AccessTokenVerifier;
    revocations: { isRevoked(sessionId: string): boolean };
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
  for (const path of ['/v1/assets', '/v1/assets/*', '/v1/brand-kits', '/v1/brand-kits/*'])
    app.use(path, requireAuth(deps));
  app.route('/', assetRoutes(deps));
  app.route('/', brandKitRoutes(deps));
  return app;
}
