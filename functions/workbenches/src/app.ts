import type { AccessTokenVerifier } from '@atelier/shared/auth/tokens';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
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
  for (const prefix of ['/v1/workbenches', '/v1/projects']) {
    app.use(prefix, requireAuth(deps));
    app.use(`${prefix}/*`, requireAuth(deps));
  }
  app.route('/', workbenchRoutes(deps));
  app.route('/', projectRoutes(deps));
  app.route('/', documentRoutes(deps));
  return app;
}
