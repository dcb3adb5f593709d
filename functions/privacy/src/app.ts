import type { HealthCheck } from '@atelier/shared/health';
import { createEventFunction } from '@atelier/shared/http/event-worker';
import type { PrivacyDeps } from './deps';
import { handlers } from './index';

/** Event-driven only: builds GDPR exports and erases a deleted user's files. */
export const createApp = (deps: PrivacyDeps & { version: string; checks: HealthCheck[] }) =>
  createEventFunction('privacy', deps, handlers(deps));
