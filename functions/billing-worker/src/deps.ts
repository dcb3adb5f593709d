import type { Db } from '@atelier/shared/db';
import type { Outbox } from '@atelier/shared/events/outbox';
import type { Logger } from '@atelier/shared/log';
import type { Mailer } from '@atelier/shared/mail/mailer';
import type Stripe from 'stripe';

export interface BillingWorkerDeps {
  db: Db;
  outbox: Outbox;
  log: Logger;
  mailer: Mailer;
  /** Null when Stripe is not configured (its events cannot arrive then either). */
  stripe: Stripe | null;
  prices: { planFor(priceId: string | undefined): 'pro' | 'team' | undefined };
  publicUrl: string;
  /** Dunning: how long a past-due subscription keeps paid work before it is suspended. */
  graceDays: number;
  /** Injected so tests can run the sweep "later". */
  clock: () => number;
}
