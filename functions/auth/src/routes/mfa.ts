import { parseJson } from '@atelier/shared/http/validate';
import { Hono, type MiddlewareHandler } from 'hono';
import type { AuthDeps } from '../deps';
import { completeMfaLogin, confirmMfa, disableMfa, setupMfa } from '../mfa.service';
import { mfaConfirmBody, mfaDisableBody, mfaVerifyBody } from '../schemas';
import { client, withCookie } from './sessions';

export function mfaRoutes(deps: AuthDeps, authenticated: MiddlewareHandler) {
  return new Hono()
    .post('/v1/auth/mfa/setup', authenticated, async (c) => c.json(await setupMfa(deps, c.get('auth'))))
    .post('/v1/auth/mfa/confirm', authenticated, async (c) => {
      const { code } = await parseJson(c, mfaConfirmBody);
      return c.json({ recoveryCodes: await confirmMfa(deps, c.get('auth'), code) });
    })
    .post('/v1/auth/mfa/disable', authenticated, async (c) => {
      await disableMfa(deps, c.get('auth'), await parseJson(c, mfaDisableBody));
      return c.body(null, 204);
    })
    .post('/v1/auth/mfa/verify', async (c) => {
      return withCookie(c, await completeMfaLogin(deps, await parseJson(c, mfaVerifyBody), client(c)));
    });
}
