import { NotFoundError } from '@atelier/shared/errors';
import { parseQuery } from '@atelier/shared/http/validate';
import { Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AuthDeps } from '../deps';
import { type Oidc, OidcError } from '../oidc.service';
import { oidcCallbackQuery, oidcStartQuery } from '../schemas';
import { client, setRefreshCookie } from './sessions';

/**
 * Binds a flow to the browser that started it (no login CSRF). Lax, not Strict: it must come back on
 * the provider's top-level redirect to the callback.
 */
const FLOW_COOKIE = 'atelier_oidc';
const FLOW_PATH = '/v1/auth/oidc';

/** External sign-in for the web app: start redirects to the provider, the callback back to the app. */
export function oidcRoutes(deps: AuthDeps, oidc: Oidc | undefined, perIp: MiddlewareHandler) {
  const configured = () => {
    if (!oidc) throw new NotFoundError('External sign-in (no OIDC issuer is configured)');
    return oidc;
  };
  const toApp = (path: string, params: Record<string, string>) =>
    `${new URL(path, deps.publicUrl).href}?${new URLSearchParams(params)}`;
  return new Hono()
    .get('/v1/auth/oidc/config', (c) =>
      c.json(oidc ? { enabled: true, name: oidc.name, issuer: oidc.issuer } : { enabled: false }),
    )
    .get('/v1/auth/oidc/start', perIp, async (c) => {
      const { returnTo } = parseQuery(c, oidcStartQuery);
      const { url, state } = await configured().start(returnTo);
      setCookie(c, FLOW_COOKIE, state, {
        httpOnly: true,
        secure: true,
        sameSite: 'Lax',
        path: FLOW_PATH,
        maxAge: 600,
      });
      return c.redirect(url, 302);
    })
    .get('/v1/auth/oidc/callback', perIp, async (c) => {
      parseQuery(c, oidcCallbackQuery);
      const bound = getCookie(c, FLOW_COOKIE);
      deleteCookie(c, FLOW_COOKIE, { path: FLOW_PATH, secure: true });
      try {
        const outcome = await configured().finish(new URL(c.req.url).searchParams, bound, client(c));
        if (outcome.kind === 'mfa') {
          return c.redirect(
            toApp('/sign-in', { mfaChallenge: outcome.challengeToken, returnTo: outcome.returnTo }),
            303,
          );
        }
        setRefreshCookie(c, outcome.signed);
        return c.redirect(toApp('/signed-in', { returnTo: outcome.returnTo }), 303);
      } catch (err) {
        if (!(err instanceof OidcError)) throw err;
        deps.log.info({ code: err.code }, 'external sign-in refused');
        return c.redirect(toApp('/sign-in', { error: err.code }), 303);
      }
    });
}
