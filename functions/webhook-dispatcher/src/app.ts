import type { HealthCheck } from '@atelier/shared/health';
import { createEventFunction } from '@atelier/shared/http/event-worker';
import type { DispatcherDeps } from './deps';
import { handlers } from './index';

/** Events only: generation outcomes become deliveries, and each requested try is made once. */
export const createApp = (deps: DispatcherDeps & { version: string; checks: HealthCheck[] }) =>
  createEventFunction('webhook-dispatcher', deps, handlers(deps));
