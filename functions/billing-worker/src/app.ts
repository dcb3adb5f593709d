import type { HealthCheck } from '@atelier/shared/health';
import { createEventFunction } from '@atelier/shared/http/event-worker';
import type { BillingWorkerDeps } from './deps';
import { handlers } from './index';

/** Event- and cron-driven only: payment events, the billing sweep, billing's share of erasure. */
export const createApp = (deps: BillingWorkerDeps & { version: string; checks: HealthCheck[] }) =>
  createEventFunction('billing-worker', deps, handlers(deps));
