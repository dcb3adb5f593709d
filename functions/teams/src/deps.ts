import type { Db } from '@atelier/shared/db';
import type { Outbox } from '@atelier/shared/events/outbox';
import type { Logger } from '@atelier/shared/log';
import type { Mailer } from '@atelier/shared/mail/mailer';

export interface TeamsDeps {
  db: Db;
  outbox: Outbox;
  mailer: Mailer;
  clock: () => number;
  publicUrl: string;
  log: Logger;
}

export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;
