import type { SecretBox } from '@atelier/shared/auth/totp';
import type { Db } from '@atelier/shared/db';
import type { Outbox } from '@atelier/shared/events/outbox';
import type { Logger } from '@atelier/shared/log';
import type { TargetPolicy } from '@atelier/shared/webhooks/ssrf';

export interface DispatcherDeps {
  db: Db;
  outbox: Outbox;
  log: Logger;
  /** Opens endpoint secrets (sealed with WEBHOOK_SECRET_KEY). */
  box: SecretBox;
  /** Where webhooks may go, checked again before every try. */
  policy: TargetPolicy;
  /** Base of the links in payloads. */
  publicUrl: string;
  clock: () => number;
  /** One try's limit. */
  timeoutMs: number;
  /** Tries of an event's delivery (1 + the trigger's retries); redelivers and test pings get one. */
  maxAttempts: number;
  /** Failed deliveries in a row that disable an endpoint. */
  disableAfter: number;
}
