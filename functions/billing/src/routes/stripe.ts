import { Hono } from 'hono';
import type { BillingDeps } from '../deps';

export function stripeRoutes(_deps: BillingDeps) {
  return new Hono();
}
