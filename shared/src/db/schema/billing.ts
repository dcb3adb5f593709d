import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgSchema,
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
