import type { AccessTokenVerifier } from '@atelier/shared/auth/tokens';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import { requireAuth } from '@atelier/shared/http/middleware/require-auth';
import type { JSONWebKeySet } from 'jose';
import type { AuthDeps } from './deps';
import { perIpLimit } from './limits';
import { createOidc, type OidcSettings } from './oidc.service';
import { accountRoutes } from './routes/accounts';
import { mfaRoutes } from './routes/mfa';
import { oidcRoutes } from './routes/oidc';
import { passwordRoutes } from './routes/passwords';
import { sessionRoutes } from './routes/sessions';

export function createApp(
  deps: AuthDeps & {
    version: string;
    jwks: JSONWebKeySet;
    verifier: AccessTokenVerifier;
    checks: HealthCheck[];
    oidc?: OidcSettings | undefined;
  },
) {
  const { app } = createFunction({
    name: 'auth',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
    bodyLimitBytes: 16_384,
  });
  const authenticated = requireAuth({ verifier: deps.verifier, revocations: deps.revocations });
  app.get('/.well-known/jwks.json', (c) =>
    c.json(deps.jwks, 200, { 'cache-control': 'public, max-age=300' }),
  );
  app.route('/', accountRoutes(deps));
  app.route('/', sessionRoutes(deps, authenticated));
  app.route('/', passwordRoutes(deps, authenticated));
  app.route('/', mfaRoutes(deps, authenticated));
  const oidc = deps.oidc ? createOidc(deps, deps.oidc) : undefined;
  app.route('/', oidcRoutes(deps, oidc, perIpLimit(deps, 'oidc-ip', deps.limits.loginPerIp)));
  return app;
}
