import type { RevocationList } from '@atelier/shared/auth/revocations';
import type { createAccessTokenIssuer } from '@atelier/shared/auth/tokens';
import type { Db } from '@atelier/shared/db';
import type { Outbox } from '@atelier/shared/events/outbox';
import type { Logger } from '@atelier/shared/log';
import type { Mailer } from '@atelier/shared/mail/mailer';
import type { Redis } from '@atelier/shared/redis';

/** Everything the auth services need, bound to real config in main.ts. */
export interface AuthDeps {
  db: Db;
  redis: Redis;
  outbox: Outbox;
  mailer: Mailer;
  issuer: ReturnType<typeof createAccessTokenIssuer>;
  revocations: RevocationList;
  clock: () => number;
  publicUrl: string;
  log: Logger;
}

export const HOUR = 3_600_000;
export const REFRESH_TTL_MS = 7 * 24 * HOUR;
export const VERIFY_TTL_MS = 72 * HOUR;
export const MAX_SESSIONS = 5;
