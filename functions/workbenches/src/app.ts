import type { AccessTokenVerifier } from '@atelier/shared/auth/tokens';
import type { ApiKeyAuth } from '@atelier/shared/developer/api-key-auth';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import { idempotency } from '@atelier/shared/http/middleware/idempotency';
import { requireAuth } from '@atelier/shared/http/middleware/require-auth';
import type { WorkbenchesDeps } from './deps';
import { documentRoutes } from './routes/documents';
import { projectRoutes } from './routes/projects';
import { workbenchRoutes } from './routes/workbenches';

export function createApp(
  deps: WorkbenchesDeps & {
    version: string;
    verifier: AccessTokenVerifier;
    revocations: { isRevoked(sessionId: string): boolean };
    /** API keys (`atl_live_…`) of the public API, checked by requireAuth. */
    apiKeys?: ApiKeyAuth;
    checks: HealthCheck[];
  },
) {
  const { app } = createFunction({
    name: 'workbenches',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
    // Design documents travel whole (≤ 200 layers); 512 KiB leaves room without inviting abuse.
    bodyLimitBytes: 524_288,
  });
  // Every POST takes an Idempotency-Key (the middleware lets other methods through).
  const replays = idempotency({ db: deps.db, clock: deps.clock });
  // `/x/*` matches `/x` too: one registration, so nothing runs twice (an API key would count twice).
  for (const path of ['/v1/workbenches/*', '/v1/projects/*']) app.use(path, requireAuth(deps), replays);
  app.route('/', workbenchRoutes(deps));
  app.route('/', projectRoutes(deps));
  app.route('/', documentRoutes(deps));
  return app;
}
