import { AppError } from '@atelier/shared/errors';
import { forwardedFor } from '@atelier/shared/http/middleware/rate-limit';
import { parseJson, parseParams } from '@atelier/shared/http/validate';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AuthDeps } from '../deps';
import { perIpLimit } from '../limits';
import { loginBody, refreshBody, sessionParams } from '../schemas';
import {
  listSessions,
  login,
  logout,
  logoutEverywhere,
  refresh,
  revokeSession,
  type SignedIn,
} from '../sessions.service';

/** The web app's refresh token: HttpOnly, Secure, SameSite=Strict, sent only to the auth routes. */
const COOKIE = 'atelier_refresh';
const COOKIE_PATH = '/v1/auth';

export function setRefreshCookie(c: Context, signed: SignedIn) {
  setCookie(c, COOKIE, signed.refreshToken, {
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    path: COOKIE_PATH,
    expires: new Date(signed.refreshTokenExpiresAt),
  });
}

export function withCookie(c: Context, signed: SignedIn) {
  setRefreshCookie(c, signed);
  return c.json(signed);
}

export const client = (c: Context) => ({
  userAgent: c.req.header('user-agent') ?? '',
  ip: forwardedFor(c) ?? '',
});

export function sessionRoutes(deps: AuthDeps, authenticated: MiddlewareHandler) {
  const perIp = perIpLimit(deps, 'login-ip', deps.limits.loginPerIp);
  return new Hono()
    .post('/v1/auth/login', perIp, async (c) => {
      const result = await login(deps, await parseJson(c, loginBody), client(c));
      return 'mfaRequired' in result ? c.json(result) : withCookie(c, result);
    })
    .post('/v1/auth/refresh', perIp, async (c) => {
      const body = c.req.header('content-length') === '0' ? {} : await parseJson(c, refreshBody);
      const token = body.refreshToken ?? getCookie(c, COOKIE);
      if (!token)
        throw new AppError('invalid_token', 401, 'No refresh token: send it in the body or the cookie');
      return withCookie(c, await refresh(deps, token));
    })
    .post('/v1/auth/logout', authenticated, async (c) => {
      await logout(deps, c.get('auth'));
      deleteCookie(c, COOKIE, { path: COOKIE_PATH, secure: true });
      return c.body(null, 204);
    })
    .post('/v1/auth/logout-all', authenticated, async (c) => {
      await logoutEverywhere(deps, c.get('auth'));
      deleteCookie(c, COOKIE, { path: COOKIE_PATH, secure: true });
      return c.body(null, 204);
    })
    .get('/v1/auth/sessions', authenticated, async (c) =>
      c.json({ items: await listSessions(deps, c.get('auth')) }),
    )
    .delete('/v1/auth/sessions/:id', authenticated, async (c) => {
      await revokeSession(deps, c.get('auth'), parseParams(c, sessionParams).id);
      return c.body(null, 204);
    })
    .get('/v1/auth/me', authenticated, (c) => {
      const { userId, sessionId, emailVerified } = c.get('auth');
      return c.json({ userId, sessionId, emailVerified });
    });
}
