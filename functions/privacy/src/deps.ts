import type { Db } from '@atelier/shared/db';
import type { Outbox } from '@atelier/shared/events/outbox';
import type { Logger } from '@atelier/shared/log';
import type { Mailer } from '@atelier/shared/mail/mailer';
import type { Storage } from '@atelier/shared/storage';

export interface PrivacyDeps {
  db: Db;
  outbox: Outbox;
  storage: Storage;
  mailer: Mailer;
  clock: () => number;
  log: Logger;
}

export const userPrefix = (userId: string) => `users/${userId}/`;
export const EXPORT_LINK_TTL_S = 24 * 3600;
