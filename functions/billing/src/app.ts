import type { AccessTokenVerifier } from '@atelier/shared/auth/tokens';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import { requireAuth } from '@atelier/shared/http/middleware/require-auth';
import type { BillingDeps } from './deps';
import { accountRoutes } from './routes/account';
import { paypalRoutes } from './routes/paypal';
import { stripeRoutes } from './routes/stripe';

export function createApp(
  deps: BillingDeps & {
    version: string;
    verifier: AccessTokenVerifier;
    revocations: { isRevoked(sessionId: string): boolean };
    checks: HealthCheck[];
  },
) {
  const { app } = createFunction({
    name: 'billing',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
    bodyLimitBytes: 16_384,
  });
  app.use('/v1/billing', requireAuth(deps));
  app.use('/v1/billing/*', requireAuth(deps));
  app.route('/', accountRoutes(deps));
  app.route('/', stripeRoutes(deps));
  app.route('/', paypalRoutes(deps));
  return app;
}
