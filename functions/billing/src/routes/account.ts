import { parseQuery } from '@atelier/shared/http/validate';
import { Hono } from 'hono';
import { catalog, getBilling, listInvoices, listLedger } from '../account.service';
import type { BillingDeps } from '../deps';
import { listQuery, ownerQuery } from '../schemas';

/** Reading one's billing. Behind requireAuth (app.ts). */
export function accountRoutes(deps: BillingDeps) {
  return new Hono()
    .get('/v1/billing', async (c) =>
      c.json(await getBilling(deps, c.get('auth'), parseQuery(c, ownerQuery).teamId)),
    )
    .get('/v1/billing/catalog', (c) => c.json(catalog()))
    .get('/v1/billing/ledger', async (c) =>
      c.json(await listLedger(deps, c.get('auth'), parseQuery(c, listQuery))),
    )
    .get('/v1/billing/invoices', async (c) =>
      c.json(await listInvoices(deps, c.get('auth'), parseQuery(c, listQuery))),
    );
}
