import type { Db } from '@atelier/shared/db';
import type { Logger } from '@atelier/shared/log';
import type { Redis } from '@atelier/shared/redis';

export interface DeveloperDeps {
  db: Db;
  redis: Redis;
  log: Logger;
  clock: () => number;
  /** Redis namespace of the API keys' limits and counters (RATE_LIMIT_NAMESPACE). */
  namespace: string;
  perMinute: number;
}

/** Live keys a user may hold at once (revoked and expired ones do not count). */
export const MAX_ACTIVE_KEYS = 25;
