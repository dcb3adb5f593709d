import type { RevocationList } from '@atelier/shared/auth/revocations';
import type { createAccessTokenIssuer } from '@atelier/shared/auth/tokens';
import type { SecretBox } from '@atelier/shared/auth/totp';
import type { Db } from '@atelier/shared/db';
import type { Outbox } from '@atelier/shared/events/outbox';
import type { Logger } from '@atelier/shared/log';
import type { Mailer } from '@atelier/shared/mail/mailer';
import type { Limit } from '@atelier/shared/rate-limit';
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
  limits: AuthLimits;
  /** Seals TOTP secrets at rest. */
  box: SecretBox;
}

/** Abuse limits (Redis, shared by every instance); keys live under `namespace`. */
export interface AuthLimits {
  namespace: string;
  loginPerIp: Limit;
  registerPerIp: Limit;
}

export const HOUR = 3_600_000;
export const REFRESH_TTL_MS = 7 * 24 * HOUR;
export const VERIFY_TTL_MS = 72 * HOUR;
export const MAX_SESSIONS = 5;

/** Failed sign-ins per account before it is locked, counted over 15 minutes. */
export const LOCK_AFTER_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;
/** The lock grows with each further failure: 30 s, 1 min, 2 min, … at most 15 min. */
export const lockMs = (failures: number) =>
  Math.min(FAILURE_WINDOW_MS, 30_000 * 2 ** (failures - LOCK_AFTER_FAILURES));
