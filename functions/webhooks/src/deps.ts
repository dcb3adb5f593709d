import type { SecretBox } from '@atelier/shared/auth/totp';
import type { Db } from '@atelier/shared/db';
import type { Outbox } from '@atelier/shared/events/outbox';
import type { Logger } from '@atelier/shared/log';
import type { TargetPolicy } from '@atelier/shared/webhooks/ssrf';

export interface WebhooksDeps {
  db: Db;
  outbox: Outbox;
  log: Logger;
  /** Seals and opens endpoint secrets (WEBHOOK_SECRET_KEY). */
  box: SecretBox;
  /** Where endpoints may point (checked on create and on a URL change; again at every try). */
  policy: TargetPolicy;
  clock: () => number;
  /** Endpoints a user may have. */
  maxEndpoints: number;
}

/** Endpoints per user unless configured (WEBHOOK_MAX_ENDPOINTS). */
export const DEFAULT_MAX_ENDPOINTS = 20;
