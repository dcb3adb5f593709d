import type { Db } from '@atelier/shared/db';
import type { Outbox } from '@atelier/shared/events/outbox';
import type { Logger } from '@atelier/shared/log';
import type { Redis } from '@atelier/shared/redis';
import type { Storage } from '@atelier/shared/storage';

export interface GenerationsDeps {
  db: Db;
  outbox: Outbox;
  storage: Storage;
  log: Logger;
  /** True when no image provider is configured: samples will be offline previews (the UI says so). */
  isOffline: () => Promise<boolean>;
  clock: () => number;
  /** New requests and regenerations per user a minute (each starts paid work), counted in Redis. */
  limits: { redis: Redis; namespace: string; perUserPerMinute: number };
}

/** Sample and final links are short-lived: the studio asks again for fresh ones. */
export const LINK_TTL_S = 300;
/** Held credits come back if the work has not reported within this long (the sweep fails it sooner). */
export const RESERVATION_TTL_MS = 30 * 60_000;
