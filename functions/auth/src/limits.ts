import { rateLimit } from '@atelier/shared/http/middleware/rate-limit';
import type { Limit } from '@atelier/shared/rate-limit';
import type { AuthDeps } from './deps';

/** A per-client-address limit on some auth routes, under this deployment's key namespace. */
export const perIpLimit = (deps: AuthDeps, name: string, limit: Limit) =>
  rateLimit({ redis: deps.redis, name, namespace: deps.limits.namespace, ...limit });
