import type { AccessTokenVerifier } from '@atelier/shared/auth/tokens';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import { requireAuth } from '@atelier/shared/http/middleware/require-auth';
import type { Logger } from '@atelier/shared/log';
import { type CommentsDeps, commentRoutes } from './comments';

/** The HTTP side of collab: comments (the documents themselves are WebSocket rooms, server.ts). */
export function createApp(
  deps: CommentsDeps & {
    version: string;
    log: Logger;
    verifier: AccessTokenVerifier;
    revocations: { isRevoked(sessionId: string): boolean };
    checks: HealthCheck[];
  },
) {
  const { app } = createFunction({
    name: 'collab',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
    bodyLimitBytes: 16_384,
  });
  for (const path of ['/v1/comments', '/v1/comments/*']) app.use(path, requireAuth(deps));
  app.route('/', commentRoutes(deps));
  return app;
}
