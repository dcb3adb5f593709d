import type { HealthCheck } from '@atelier/shared/health';
import { createEventFunction } from '@atelier/shared/http/event-worker';
import type { ThumbnailsDeps } from './deps';
import { handlers } from './index';

/** Event-driven only: a thumbnail for every new asset version. */
export const createApp = (deps: ThumbnailsDeps & { version: string; checks: HealthCheck[] }) =>
  createEventFunction('thumbnails', deps, handlers(deps));
