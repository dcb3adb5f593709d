import * as z from 'zod';
import { defineEvent } from '../define';

const owner = { ownerUserId: z.uuid().nullable(), teamId: z.uuid().nullable() };
const provider = z.enum(['stripe', 'paypal']);

/**
 * A verified webhook delivery was stored (billing.provider_events): the webhook functions answer the
 * provider at once and billing-worker does the work from this event.
 */
export const providerEventReceived = defineEvent(
  'dev.atelier.billing.provider_event.received.v1',
  z.object({ provider, eventId: z.string().min(1).max(255), type: z.string().max(200) }),
  {
    description:
      'A signed Stripe or PayPal webhook event was verified and stored once; billing-worker processes it.',
    producers: ['stripe-webhook', 'paypal-webhook'],
  },
);

/** odoo-sync copies each into Odoo (customer invoice or credit note). */
export const invoiceRecorded = defineEvent(
  'dev.atelier.billing.invoice.recorded.v1',
  z.object({ invoiceId: z.uuid(), kind: z.enum(['invoice', 'credit_note']), provider }),
  {
    description: 'Money was received (invoice) or given back (credit note) and recorded in billing.invoices.',
    producers: ['billing-worker', 'billing'],
  },
);

export const subscriptionChanged = defineEvent(
  'dev.atelier.billing.subscription.changed.v1',
  z.object({
    subscriptionId: z.uuid(),
    ...owner,
    plan: z.enum(['free', 'pro', 'team', 'enterprise']),
    status: z.enum(['trialing', 'active', 'past_due', 'cancelled', 'expired']),
    cancelAtPeriodEnd: z.boolean(),
    currentPeriodEnd: z.iso.datetime(),
  }),
  {
    description: "A subscription's plan, status or renewal changed (the plan in force may have changed).",
    producers: ['billing-worker', 'billing'],
  },
);

/** A notification request: the notifications context turns it into inbox, push and email. */
export const paymentReminder = defineEvent(
  'dev.atelier.billing.payment.reminder.v1',
  z.object({
    subscriptionId: z.uuid(),
    ...owner,
    reminder: z.number().int().positive(),
    graceEndsAt: z.iso.datetime(),
    suspended: z.boolean(),
  }),
  {
    description:
      'A subscription payment failed: reminder N of the dunning schedule, or the notice that chargeable work is suspended.',
    producers: ['billing-worker'],
  },
);

export const creditsChanged = defineEvent(
  'dev.atelier.billing.credits.changed.v1',
  z.object({
    accountId: z.uuid(),
    ...owner,
    kind: z.enum(['grant', 'purchase', 'refund', 'chargeback', 'expiry', 'adjustment']),
    amount: z.number().int(),
    balance: z.number().int(),
  }),
  {
    description:
      'Credits were granted, bought, expired or taken back (not sent for reservations: generation reports those).',
    producers: ['billing-worker', 'billing'],
  },
);
