import { parseJson } from '@atelier/shared/http/validate';
import { Hono } from 'hono';
import { register, resendVerification, verifyEmail } from '../accounts.service';
import type { AuthDeps } from '../deps';
import { perIpLimit } from '../limits';
import { registerBody, resendBody, verifyEmailBody } from '../schemas';

export function accountRoutes(deps: AuthDeps) {
  const perIp = perIpLimit(deps, 'register-ip', deps.limits.registerPerIp);
  return new Hono()
    .post('/v1/auth/register', perIp, async (c) => {
      await register(deps, await parseJson(c, registerBody));
      return c.json({ status: 'verification_sent' }, 202);
    })
    .post('/v1/auth/verify-email', async (c) => {
      await verifyEmail(deps, (await parseJson(c, verifyEmailBody)).token);
      return c.json({ status: 'verified' });
    })
    .post('/v1/auth/resend-verification', perIp, async (c) => {
      await resendVerification(deps, (await parseJson(c, resendBody)).email);
      return c.json({ status: 'verification_sent' }, 202);
    });
}
