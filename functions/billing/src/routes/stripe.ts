import { parseJson } from '@atelier/shared/http/validate';
import { Hono } from 'hono';
import type { BillingDeps } from '../deps';
import { changePlanBody, checkoutBody, ownerBody } from '../schemas';
import { changePlan, checkoutPack, checkoutPlan, portal, setCancelAtPeriodEnd } from '../stripe.service';

/** Buying through Stripe and changing the subscription. Behind requireAuth (app.ts). */
export function stripeRoutes(deps: BillingDeps) {
  return new Hono()
    .post('/v1/billing/checkout', async (c) => {
      const body = await parseJson(c, checkoutBody);
      const auth = c.get('auth');
      return c.json(
        body.kind === 'plan' ? await checkoutPlan(deps, auth, body) : await checkoutPack(deps, auth, body),
        201,
      );
    })
    .post('/v1/billing/portal', async (c) =>
      c.json(await portal(deps, c.get('auth'), (await parseJson(c, ownerBody)).teamId), 201),
    )
    .post('/v1/billing/subscription', async (c) =>
      c.json(await changePlan(deps, c.get('auth'), await parseJson(c, changePlanBody))),
    )
    .post('/v1/billing/subscription/cancel', async (c) =>
      c.json(await setCancelAtPeriodEnd(deps, c.get('auth'), (await parseJson(c, ownerBody)).teamId, true)),
    )
    .post('/v1/billing/subscription/resume', async (c) =>
      c.json(await setCancelAtPeriodEnd(deps, c.get('auth'), (await parseJson(c, ownerBody)).teamId, false)),
    );
}
