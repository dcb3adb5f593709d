import { parseJson, parseParams } from '@atelier/shared/http/validate';
import { Hono } from 'hono';
import type { BillingDeps } from '../deps';
import { capturePaypalOrder, createPaypalOrder } from '../paypal.service';
import { paypalOrderBody, paypalOrderParams } from '../paypal-schemas';

/** PayPal orders for credit packs. Behind requireAuth (app.ts). */
export function paypalRoutes(deps: BillingDeps) {
  return new Hono()
    .post('/v1/billing/paypal/orders', async (c) =>
      c.json(await createPaypalOrder(deps, c.get('auth'), await parseJson(c, paypalOrderBody)), 201),
    )
    .post('/v1/billing/paypal/orders/:orderId/capture', async (c) =>
      c.json(await capturePaypalOrder(deps, c.get('auth'), parseParams(c, paypalOrderParams).orderId)),
    );
}
