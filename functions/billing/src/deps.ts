import type { PaypalClient } from '@atelier/shared/billing/paypal';
import type { Db } from '@atelier/shared/db';
import type { Outbox } from '@atelier/shared/events/outbox';
import type { Logger } from '@atelier/shared/log';
import type Stripe from 'stripe';

export interface BillingDeps {
  db: Db;
  outbox: Outbox;
  log: Logger;
  /** Null when Stripe is not configured: its routes answer 503 payments_not_configured. */
  stripe: Stripe | null;
  prices: {
    priceFor(plan: 'pro' | 'team'): string | undefined;
    planFor(priceId: string | undefined): 'pro' | 'team' | undefined;
  };
  /** Null when PayPal is not configured. */
  paypal: PaypalClient | null;
  /** Where people come back to after paying. */
  publicUrl: string;
  graceDays: number;
}
