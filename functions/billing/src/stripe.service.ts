import { randomUUID } from 'node:crypto';
import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { lockAccount, type Owner } from '@atelier/shared/billing/ledger';
import { CURRENCY, type PackId, packs } from '@atelier/shared/billing/plans';
import { liveSubscription, subscriptionView } from '@atelier/shared/billing/subscriptions';
import { customers, orders, subscriptions, teamMembers, teams, users } from '@atelier/shared/db/schema';
import { AppError, ConflictError, ValidationError } from '@atelier/shared/errors';
import { billing } from '@atelier/shared/events/catalog';
import { and, count, eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { BillingDeps } from './deps';
import { billingOwner } from './owner';

/**
 * Selling through Stripe: Checkout for a first subscription or a credit pack, the customer portal,
 * and plan changes on a live subscription. What Stripe then reports (webhooks) is billing-worker's.
 * Users subscribe to Pro; teams to Team (per seat). Enterprise is set up by ops.
 */

function stripeOf(deps: BillingDeps): Stripe {
  if (!deps.stripe)
    throw new AppError(
      'payments_not_configured',
      503,
      'Card payments (Stripe) are not configured on this server',
    );
  return deps.stripe;
}

/** Stripe's failures reach the caller as a clear 502/503, never as our 500. */
async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = err as { type?: string; message?: string; statusCode?: number };
    if (e.type === 'StripeConnectionError' || e.type === 'StripeAPIError' || (e.statusCode ?? 0) >= 500)
      throw new AppError('dependency_unavailable', 503, `Stripe is unreachable (${what}); try again shortly`);
    if (e.type?.startsWith('Stripe'))
      throw new AppError(
        'provider_rejected',
        502,
        `Stripe refused to ${what}: ${e.message ?? 'unknown error'}`,
      );
    throw err;
  }
}

const returnUrls = (deps: BillingDeps, teamId: string | undefined) => {
  const team = teamId ? `&teamId=${teamId}` : '';
  return {
    success_url: `${deps.publicUrl}/billing?checkout=success${team}`,
    cancel_url: `${deps.publicUrl}/billing?checkout=cancelled${team}`,
  };
};

/** The owner's Stripe customer, created on first purchase (with the account id in its metadata). */
async function customerFor(
  deps: BillingDeps,
  stripe: Stripe,
  auth: AuthClaims,
  owner: Owner,
  accountId: string,
) {
  const ownerWhere =
    'userId' in owner ? eq(customers.ownerUserId, owner.userId) : eq(customers.teamId, owner.teamId);
  const [known] = await deps.db
    .select({ id: customers.providerCustomerId })
    .from(customers)
    .where(and(eq(customers.provider, 'stripe'), ownerWhere));
  if (known) return known.id;
  const [user] = await deps.db
    .select({ email: users.email, name: users.displayName })
    .from(users)
    .where(eq(users.id, auth.userId));
  const [team] =
    'teamId' in owner
      ? await deps.db.select({ name: teams.name }).from(teams).where(eq(teams.id, owner.teamId))
      : [];
  const name = team?.name ?? user?.name ?? null;
  const created = await call('create a customer', () =>
    stripe.customers.create({
      email: user?.email,
      ...(name ? { name } : {}),
      metadata: { accountId },
    }),
  );
  const [row] = await deps.db
    .insert(customers)
    .values({
      ...('userId' in owner ? { ownerUserId: owner.userId } : { teamId: owner.teamId }),
      provider: 'stripe',
      providerCustomerId: created.id,
      email: user?.email ?? null,
      name,
    })
    .onConflictDoNothing()
    .returning({ id: customers.providerCustomerId });
  if (row) return row.id;
  // Another request created one meanwhile: use theirs (ours stays unused at Stripe).
  const [theirs] = await deps.db
    .select({ id: customers.providerCustomerId })
    .from(customers)
    .where(and(eq(customers.provider, 'stripe'), ownerWhere));
  return theirs!.id;
}

function checkPlanFor(owner: Owner, plan: 'pro' | 'team') {
  if (plan === 'team' && 'userId' in owner)
    throw new ValidationError('The Team plan is bought for a team', [
      { path: 'teamId', message: 'is required for the Team plan' },
    ]);
  if (plan === 'pro' && 'teamId' in owner)
    throw new ValidationError('Teams subscribe to the Team plan', [
      { path: 'plan', message: 'must be team for a team' },
    ]);
}

async function teamSize(deps: BillingDeps, teamId: string) {
  const [row] = await deps.db.select({ n: count() }).from(teamMembers).where(eq(teamMembers.teamId, teamId));
  return Math.max(1, row?.n ?? 1);
}

function priceOf(deps: BillingDeps, plan: 'pro' | 'team') {
  const price = deps.prices.priceFor(plan);
  if (!price)
    throw new AppError('payments_not_configured', 503, `No Stripe price is configured for the ${plan} plan`);
  return price;
}

/** Stripe Checkout for a first subscription: the subscription itself arrives by webhook. */
export async function checkoutPlan(
  deps: BillingDeps,
  auth: AuthClaims,
  input: { plan: 'pro' | 'team'; seats?: number | undefined; teamId?: string | undefined },
) {
  const owner = await billingOwner(deps.db, auth, input.teamId, 'manage');
  checkPlanFor(owner, input.plan);
  const stripe = stripeOf(deps);
  const price = priceOf(deps, input.plan);
  const { accountId, live } = await deps.db.transaction(async (tx) => ({
    accountId: (await lockAccount(tx, owner)).id,
    live: await liveSubscription(tx, owner),
  }));
  if (live)
    throw new ConflictError('There is a subscription already: change its plan instead', {
      subscriptionId: live.id,
    });
  const seats = input.plan === 'team' ? (input.seats ?? (await teamSize(deps, input.teamId!))) : 1;
  const customer = await customerFor(deps, stripe, auth, owner, accountId);
  const metadata = { accountId, plan: input.plan, kind: 'plan' };
  const session = await call('start a checkout', () =>
    stripe.checkout.sessions.create({
      mode: 'subscription',
      customer,
      client_reference_id: accountId,
      line_items: [{ price, quantity: seats }],
      subscription_data: { metadata },
      metadata,
      ...returnUrls(deps, input.teamId),
    }),
  );
  return { url: session.url! };
}

/**
 * Stripe Checkout for a credit pack. The order row, which the webhook looks up to know what was bought,
 * is written once Stripe has the session: a refused or failed call leaves nothing behind.
 */
export async function checkoutPack(
  deps: BillingDeps,
  auth: AuthClaims,
  input: { pack: PackId; teamId?: string | undefined },
) {
  const owner = await billingOwner(deps.db, auth, input.teamId, 'manage');
  const stripe = stripeOf(deps);
  const pack = packs[input.pack];
  const orderId = randomUUID();
  const accountId = await deps.db.transaction(async (tx) => (await lockAccount(tx, owner)).id);
  const customer = await customerFor(deps, stripe, auth, owner, accountId);
  const metadata = { accountId, kind: 'pack', pack: input.pack, orderId };
  const session = await call('start a checkout', () =>
    stripe.checkout.sessions.create({
      mode: 'payment',
      customer,
      client_reference_id: accountId,
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: CURRENCY,
            unit_amount: pack.priceCents,
            product_data: { name: `${pack.credits} Atelier credits` },
          },
        },
      ],
      payment_intent_data: { metadata },
      metadata,
      ...returnUrls(deps, input.teamId),
    }),
  );
  await deps.db.insert(orders).values({
    id: orderId,
    accountId,
    provider: 'stripe',
    providerRef: session.id,
    pack: input.pack,
    credits: pack.credits,
    amountCents: pack.priceCents,
    currency: CURRENCY,
    createdBy: auth.userId,
  });
  return { url: session.url!, orderId };
}

/** Stripe's customer portal: payment methods, invoices, cancellation. */
export async function portal(deps: BillingDeps, auth: AuthClaims, teamId: string | undefined) {
  const owner = await billingOwner(deps.db, auth, teamId, 'manage');
  const stripe = stripeOf(deps);
  const accountId = await deps.db.transaction(async (tx) => (await lockAccount(tx, owner)).id);
  const customer = await customerFor(deps, stripe, auth, owner, accountId);
  const session = await call('open the portal', () =>
    stripe.billingPortal.sessions.create({
      customer,
      return_url: `${deps.publicUrl}/billing${teamId ? `?teamId=${teamId}` : ''}`,
    }),
  );
  return { url: session.url };
}

async function stripeSubscription(deps: BillingDeps, auth: AuthClaims, teamId: string | undefined) {
  const owner = await billingOwner(deps.db, auth, teamId, 'manage');
  const sub = await deps.db.transaction((tx) => liveSubscription(tx, owner));
  if (!sub) throw new ConflictError('There is no subscription to change: start one with checkout');
  if (sub.provider !== 'stripe' || !sub.providerRef)
    throw new ConflictError('This subscription is managed by our team: contact support to change it');
  return { owner, sub, ref: sub.providerRef };
}

/** Saves what Stripe answered and announces it (the webhook that follows finds it already applied). */
async function saveChange(deps: BillingDeps, id: string, set: Partial<typeof subscriptions.$inferInsert>) {
  return deps.outbox.transaction(async (tx, emit) => {
    const [sub] = await tx
      .update(subscriptions)
      .set({ ...set, updatedAt: new Date() })
      .where(eq(subscriptions.id, id))
      .returning();
    await emit(tx, billing.subscriptionChanged, {
      subscriptionId: sub!.id,
      ownerUserId: sub!.ownerUserId,
      teamId: sub!.teamId,
      plan: sub!.plan,
      status: sub!.status,
      cancelAtPeriodEnd: sub!.cancelAtPeriodEnd,
      currentPeriodEnd: sub!.currentPeriodEnd.toISOString(),
    });
    return { subscription: subscriptionView(sub!, deps.graceDays) };
  });
}

/**
 * Changes the plan or the seats of a live subscription: more (an upgrade) applies at once, prorated
 * and invoiced by Stripe now; less (a downgrade) from the next period, nothing refunded.
 */
export async function changePlan(
  deps: BillingDeps,
  auth: AuthClaims,
  input: { plan: 'pro' | 'team'; seats?: number | undefined; teamId?: string | undefined },
) {
  const { owner, sub, ref } = await stripeSubscription(deps, auth, input.teamId);
  const stripe = stripeOf(deps);
  checkPlanFor(owner, input.plan);
  const seats = input.plan === 'team' ? (input.seats ?? sub.seats) : 1;
  const upgrade = input.plan !== sub.plan || seats > sub.seats;
  if (input.plan === sub.plan && seats === sub.seats && !sub.pendingPlan)
    return { subscription: subscriptionView(sub, deps.graceDays) };
  const current = await call('read the subscription', () => stripe.subscriptions.retrieve(ref));
  const item = current.items.data[0]!;
  await call('change the subscription', () =>
    stripe.subscriptions.update(ref, {
      items: [{ id: item.id, price: priceOf(deps, input.plan), quantity: seats }],
      proration_behavior: upgrade ? 'always_invoice' : 'none',
      metadata: { ...current.metadata, plan: input.plan },
    }),
  );
  return saveChange(
    deps,
    sub.id,
    upgrade
      ? { plan: input.plan, seats, pendingPlan: null }
      : { seats, pendingPlan: input.plan === sub.plan ? null : input.plan },
  );
}

/** Cancels at the period's end (the plan stays until then), or takes that back. */
export async function setCancelAtPeriodEnd(
  deps: BillingDeps,
  auth: AuthClaims,
  teamId: string | undefined,
  cancel: boolean,
) {
  const { sub, ref } = await stripeSubscription(deps, auth, teamId);
  const stripe = stripeOf(deps);
  await call(cancel ? 'cancel the subscription' : 'resume the subscription', () =>
    stripe.subscriptions.update(ref, { cancel_at_period_end: cancel }),
  );
  return saveChange(deps, sub.id, { cancelAtPeriodEnd: cancel });
}
