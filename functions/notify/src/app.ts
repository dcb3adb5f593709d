import type { HealthCheck } from '@atelier/shared/health';
import { createEventFunction } from '@atelier/shared/http/event-worker';
import type { NotifyDeps } from './deps';
import { handlers } from './index';

/** Event-driven only: events people are told about become inbox items, live pushes and emails. */
export const createApp = (deps: NotifyDeps & { version: string; checks: HealthCheck[] }) =>
  createEventFunction('notify', deps, handlers(deps));
