import { Hono } from 'hono';
import type { BillingDeps } from '../deps';

export function accountRoutes(_deps: BillingDeps) {
  return new Hono();
}
