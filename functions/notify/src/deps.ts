import type { Db } from '@atelier/shared/db';
import type { Logger } from '@atelier/shared/log';
import type { Mailer } from '@atelier/shared/mail/mailer';
import type { Redis } from '@atelier/shared/redis';

export interface NotifyDeps {
  db: Db;
  /** Publishes live messages (shared/src/notifications/live.ts). */
  redis: Redis;
  mailer: Mailer;
  log: Logger;
  /** The web app's origin, for the links in emails. */
  publicUrl: string;
}
