import { parseJson } from '@atelier/shared/http/validate';
import { Hono, type MiddlewareHandler } from 'hono';
import type { AuthDeps } from '../deps';
import { perIpLimit } from '../limits';
import { changePassword, requestPasswordReset, resetPassword } from '../passwords.service';
import { changeBody, forgotBody, resetBody } from '../schemas';

export function passwordRoutes(deps: AuthDeps, authenticated: MiddlewareHandler) {
  const perIp = perIpLimit(deps, 'reset-ip', deps.limits.registerPerIp);
  return new Hono()
    .post('/v1/auth/password/forgot', perIp, async (c) => {
      await requestPasswordReset(deps, (await parseJson(c, forgotBody)).email);
      return c.json({ status: 'reset_link_sent_if_account_exists' }, 202);
    })
    .post('/v1/auth/password/reset', perIp, async (c) => {
      const { token, password } = await parseJson(c, resetBody);
      await resetPassword(deps, token, password);
      return c.json({ status: 'password_reset' });
    })
    .post('/v1/auth/password/change', authenticated, async (c) => {
      const { currentPassword, newPassword } = await parseJson(c, changeBody);
      await changePassword(deps, c.get('auth'), currentPassword, newPassword);
      return c.body(null, 204);
    });
}
