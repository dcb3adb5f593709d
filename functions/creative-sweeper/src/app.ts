import type { HealthCheck } from '@atelier/shared/health';
import { createEventFunction } from '@atelier/shared/http/event-worker';
import type { SweeperDeps } from './deps';
import { handlers } from './index';

/** Event- and cron-driven only: the retention sweep and creative's share of account erasure. */
export const createApp = (deps: SweeperDeps & { version: string; checks: HealthCheck[] }) =>
  createEventFunction('creative-sweeper', deps, handlers(deps));
