import type { AccessTokenVerifier } from '@atelier/shared/auth/tokens';
import { eventRoutes, onEvent } from '@atelier/shared/events/consumer';
import { cronTick } from '@atelier/shared/events/cron';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import { deleteExpiredIdempotencyKeys } from '@atelier/shared/http/middleware/idempotency';
import { requireAuth } from '@atelier/shared/http/middleware/require-auth';
import type { DeveloperDeps } from './deps';
import { flushUsage } from './flush';
import { developerRoutes } from './routes';

export function createApp(
  deps: DeveloperDeps & {
    version: string;
    verifier: AccessTokenVerifier;
    revocations: { isRevoked(sessionId: string): boolean };
    checks: HealthCheck[];
  },
) {
  const { app } = createFunction({
    name: 'developer',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
    bodyLimitBytes: 16_384,
  });
  // No `apiKeys` here on purpose: keys and usage are managed by a signed-in person.
  for (const path of ['/v1/developer/keys', '/v1/developer/keys/*', '/v1/developer/usage'])
    app.use(path, requireAuth(deps));
  app.route('/', developerRoutes(deps));
  // Every minute: usage counters into PostgreSQL, and Idempotency-Key answers past their 24 hours out.
  const onTick = onEvent(cronTick, async () => {
    await flushUsage(deps);
    await deleteExpiredIdempotencyKeys(deps.db, new Date(deps.clock()));
  });
  app.route('/', eventRoutes({ consumer: 'developer', db: deps.db, handlers: [onTick] }));
  return app;
}
