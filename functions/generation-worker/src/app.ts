import type { HealthCheck } from '@atelier/shared/health';
import { createEventFunction } from '@atelier/shared/http/event-worker';
import type { WorkerDeps } from './deps';
import { handlers } from './index';

/** Event-driven only: samples, finals, the stuck sweep and generation's share of deletion. */
export const createApp = (deps: WorkerDeps & { version: string; checks: HealthCheck[] }) =>
  createEventFunction('generation-worker', deps, handlers(deps));
