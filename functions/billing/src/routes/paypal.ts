import { Hono } from 'hono';
import type { BillingDeps } from '../deps';

/** PayPal orders for credit packs (being built: issue 6). Behind requireAuth (app.ts). */
export function paypalRoutes(_deps: BillingDeps) {
  return new Hono();
}
