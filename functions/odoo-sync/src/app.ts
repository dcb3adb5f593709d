import type { Db } from '@atelier/shared/db';
import { eventRoutes } from '@atelier/shared/events/consumer';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import { type OdooSyncDeps, onInvoiceRecorded } from './on-invoice-recorded';

/** Event-driven only: copies recorded invoices and credit notes into Odoo. */
export function createApp(deps: OdooSyncDeps & { db: Db; version: string; checks: HealthCheck[] }) {
  const { app } = createFunction({
    name: 'odoo-sync',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
  });
  app.route('/', eventRoutes({ consumer: 'odoo-sync', db: deps.db, handlers: [onInvoiceRecorded(deps)] }));
  return app;
}
