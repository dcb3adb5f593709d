import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** Plans, subscriptions, the credit ledger and payments (PRODUCT.md §5). Owned by the billing functions. */
export const billing = pgSchema('billing');

export const planIds = ['free', 'pro', 'team', 'enterprise'] as const;
export const subscriptionStatuses = ['trialing', 'active', 'past_due', 'cancelled', 'expired'] as const;

/**
 * A user's or a team's subscription to a paid plan. No row (or none live) means Free. At most one live
 * (trialing, active or past_due) subscription per owner.
 */
export const subscriptions = billing.table(
  'subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerUserId: uuid('owner_user_id'),
    teamId: uuid('team_id'),
    plan: text('plan', { enum: planIds }).notNull(),
    status: text('status', { enum: subscriptionStatuses }).notNull(),
    provider: text('provider', { enum: ['stripe', 'paypal', 'manual'] }).notNull(),
    providerRef: text('provider_ref'),
    seats: integer('seats').notNull().default(1),
    currentPeriodStart: timestamp('current_period_start', { withTimezone: true }).notNull(),
    currentPeriodEnd: timestamp('current_period_end', { withTimezone: true }).notNull(),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    /** A downgrade waiting for the period's end (upgrades apply at once). */
    pendingPlan: text('pending_plan', { enum: planIds }),
    /** Dunning: when the first payment failed, reminders sent, when chargeable work was suspended. */
    pastDueSince: timestamp('past_due_since', { withTimezone: true }),
    remindersSent: integer('reminders_sent').notNull().default(0),
    suspendedAt: timestamp('suspended_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('subscriptions_one_owner', sql`(owner_user_id is null) <> (team_id is null)`),
    uniqueIndex('subscriptions_live_user_uq')
      .on(t.ownerUserId)
      .where(sql`${t.status} in ('trialing', 'active', 'past_due') and ${t.ownerUserId} is not null`),
    uniqueIndex('subscriptions_live_team_uq')
      .on(t.teamId)
      .where(sql`${t.status} in ('trialing', 'active', 'past_due') and ${t.teamId} is not null`),
    index('subscriptions_provider_ref_idx').on(t.provider, t.providerRef),
  ],
);

export const ledgerKinds = [
  'grant',
  'purchase',
  'reserve',
  'capture',
  'release',
  'refund',
  'chargeback',
  'expiry',
  'adjustment',
  /** A pay-as-you-go API key's charge in money (`details.amountCents`); it moves no credits. */
  'api_usage',
] as const;
export type LedgerKind = (typeof ledgerKinds)[number];

/**
 * One credit balance per user or team. The three numbers are a cache of the ledger's sums (kept in the
 * same transaction as every entry): `grant` = monthly credits left (expire at `grantPeriodEnd`),
 * `purchased` = pack credits (never expire, spent last; negative only after a refund or chargeback
 * clawed back credits already spent: `flagged`), `reserved` = credits held by open reservations.
 * A deleted owner's account stays (financial record) with the owner columns cleared.
 */
export const creditAccounts = billing.table(
  'credit_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerUserId: uuid('owner_user_id'),
    teamId: uuid('team_id'),
    grant: bigint('grant', { mode: 'number' }).notNull().default(0),
    purchased: bigint('purchased', { mode: 'number' }).notNull().default(0),
    reserved: bigint('reserved', { mode: 'number' }).notNull().default(0),
    grantPlan: text('grant_plan', { enum: planIds }),
    grantPeriodStart: timestamp('grant_period_start', { withTimezone: true }),
    grantPeriodEnd: timestamp('grant_period_end', { withTimezone: true }),
    version: bigint('version', { mode: 'number' }).notNull().default(0),
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('credit_accounts_grant_nonneg', sql`${t.grant} >= 0`),
    check('credit_accounts_reserved_nonneg', sql`${t.reserved} >= 0`),
    check(
      'credit_accounts_owner',
      sql`(owner_user_id is null) <> (team_id is null) or anonymised_at is not null`,
    ),
    uniqueIndex('credit_accounts_user_uq').on(t.ownerUserId),
    uniqueIndex('credit_accounts_team_uq').on(t.teamId),
  ],
);

/**
 * The append-only ledger (a trigger refuses UPDATE and DELETE). Each entry moves credits between the
 * account's buckets; the cached balances are the sums of the deltas. The idempotency key is unique
 * per account: posting the same key twice is a no-op that returns the first entry.
 */
export const ledgerEntries = billing.table(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => creditAccounts.id),
    kind: text('kind', { enum: ledgerKinds }).notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    grantDelta: bigint('grant_delta', { mode: 'number' }).notNull().default(0),
    purchasedDelta: bigint('purchased_delta', { mode: 'number' }).notNull().default(0),
    reservedDelta: bigint('reserved_delta', { mode: 'number' }).notNull().default(0),
    /** Spendable credits (grant + purchased) after this entry. */
    balanceAfter: bigint('balance_after', { mode: 'number' }).notNull(),
    reservationId: uuid('reservation_id'),
    /** What caused it, for people: { operation, plan, pack, provider, ref, reason… }. No personal data. */
    details: jsonb('details').$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ledger_entries_key_uq').on(t.accountId, t.idempotencyKey),
    index('ledger_entries_account_idx').on(t.accountId, t.id),
  ],
);

export const reservationStates = ['held', 'captured', 'released'] as const;

/** Credits held for work in progress: captured when it succeeds, released when it fails or times out. */
export const reservations = billing.table(
  'reservations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => creditAccounts.id),
    idempotencyKey: text('idempotency_key').notNull(),
    operation: text('operation').notNull(),
    reference: text('reference'),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    /** Pay-as-you-go work (an API key billed in money): charged in cents when captured, no credits held. */
    priceCents: integer('price_cents').notNull().default(0),
    fromGrant: bigint('from_grant', { mode: 'number' }).notNull(),
    fromPurchased: bigint('from_purchased', { mode: 'number' }).notNull(),
    /** The grant period the grant part came from: released after it ended, that part expires. */
    grantPeriodEnd: timestamp('grant_period_end', { withTimezone: true }),
    state: text('state', { enum: reservationStates }).notNull().default('held'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    settledAt: timestamp('settled_at', { withTimezone: true }),
    releaseReason: text('release_reason'),
  },
  (t) => [
    check('reservations_amount_nonneg', sql`${t.amount} >= 0`),
    uniqueIndex('reservations_key_uq').on(t.accountId, t.idempotencyKey),
    index('reservations_held_idx').on(t.expiresAt).where(sql`${t.state} = 'held'`),
  ],
);

/** Fair-use counters per account and grant period (e.g. Pro's 2,000 sample batches a month). */
export const usageCounters = billing.table(
  'usage_counters',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => creditAccounts.id),
    periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
    metric: text('metric').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.periodStart, t.metric] })],
);

export const paymentProviders = ['stripe', 'paypal'] as const;

/** The payment provider's customer for an owner (Stripe customer id; PayPal payer id). */
export const customers = billing.table(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerUserId: uuid('owner_user_id'),
    teamId: uuid('team_id'),
    provider: text('provider', { enum: paymentProviders }).notNull(),
    providerCustomerId: text('provider_customer_id').notNull(),
    email: text('email'),
    name: text('name'),
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('customers_provider_ref_uq').on(t.provider, t.providerCustomerId),
    uniqueIndex('customers_provider_user_uq').on(t.provider, t.ownerUserId),
    uniqueIndex('customers_provider_team_uq').on(t.provider, t.teamId),
  ],
);

/**
 * Every webhook delivery we accepted, once per (provider, event id): the row is the de-duplication and
 * the raw event the worker processes (a replay, even concurrent, inserts nothing and does nothing).
 */
export const providerEvents = billing.table(
  'provider_events',
  {
    provider: text('provider', { enum: paymentProviders }).notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    outcome: text('outcome'),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] })],
);

export const orderStates = ['created', 'completed', 'refunded', 'reversed'] as const;

/** A credit-pack purchase (Stripe Checkout session or PayPal order) from creation to settlement. */
export const orders = billing.table(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => creditAccounts.id),
    provider: text('provider', { enum: paymentProviders }).notNull(),
    providerRef: text('provider_ref'),
    /** The capture / payment intent the money moved with (refunds and disputes name it). */
    paymentRef: text('payment_ref'),
    pack: text('pack').notNull(),
    credits: integer('credits').notNull(),
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull(),
    state: text('state', { enum: orderStates }).notNull().default('created'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('orders_provider_ref_uq').on(t.provider, t.providerRef),
    index('orders_payment_ref_idx').on(t.provider, t.paymentRef),
  ],
);

export const invoiceKinds = ['invoice', 'credit_note'] as const;

export interface InvoiceLine {
  sku: string;
  description: string;
  quantity: number;
  unitAmountCents: number;
}

/**
 * Money received or given back, as the books need it: a paid Stripe invoice or PayPal capture is an
 * `invoice`; a refund or chargeback a `credit_note`. odoo-sync copies each into Odoo once.
 */
export const invoices = billing.table(
  'invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => creditAccounts.id),
    kind: text('kind', { enum: invoiceKinds }).notNull(),
    provider: text('provider', { enum: paymentProviders }).notNull(),
    providerRef: text('provider_ref').notNull(),
    /** The payment (Stripe PaymentIntent, PayPal capture) refunds and disputes name. */
    paymentRef: text('payment_ref'),
    /** A credit note's invoice. */
    invoiceId: uuid('invoice_id'),
    number: text('number').notNull(),
    description: text('description').notNull(),
    lines: jsonb('lines').$type<InvoiceLine[]>().notNull(),
    totalCents: integer('total_cents').notNull(),
    currency: text('currency').notNull(),
    hostedUrl: text('hosted_url'),
    customerName: text('customer_name'),
    customerEmail: text('customer_email'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    odooMoveId: integer('odoo_move_id'),
    odooSyncedAt: timestamp('odoo_synced_at', { withTimezone: true }),
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('invoices_provider_ref_uq').on(t.provider, t.providerRef, t.kind),
    index('invoices_account_idx').on(t.accountId, t.issuedAt),
    index('invoices_payment_ref_idx').on(t.provider, t.paymentRef),
  ],
);
