import {
  lockAccount,
  lockAccountById,
  type Owner,
  ownerOf,
  refreshGrant,
} from '@atelier/shared/billing/ledger';
import {
  completePackOrder,
  type Emit,
  recordInvoice,
  takeBackPayment,
} from '@atelier/shared/billing/payments';
import type { PlanId } from '@atelier/shared/billing/plans';
import type { Tx } from '@atelier/shared/db';
import { customers, subscriptions } from '@atelier/shared/db/schema';
import { billing } from '@atelier/shared/events/catalog';
import { and, eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { BillingWorkerDeps } from './deps';
import { sendReminder } from './dunning.service';

/**
 * Stripe's events, applied so that any arrival order ends in the same state (Stripe does not promise
 * order): each event names its subscription, customer and our account id (metadata set at checkout),
 * a subscription row is created by whichever event comes first, an ended subscription never comes back
 * to life, and only a payment (invoice.paid) lifts past_due. Returns the outcome stored on the event.
 */
export async function handleStripeEvent(
  deps: BillingWorkerDeps,
  tx: Tx,
  emit: Emit,
  payload: unknown,
): Promise<string> {
  const event = payload as Stripe.Event;
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return checkoutCompleted(tx, emit, event.data.object);
    case 'invoice.paid':
      return invoicePaid(deps, tx, emit, event.data.object);
    case 'invoice.payment_failed':
      return paymentFailed(deps, tx, emit, event.data.object);
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return subscriptionEvent(deps, tx, emit, event.data.object, event.type.endsWith('deleted'));
    case 'charge.refunded':
      return chargeRefunded(tx, emit, event.data.object);
    case 'charge.dispute.created': {
      const dispute = event.data.object;
      const paymentRef = idOf(dispute.payment_intent);
      if (!paymentRef) return 'ignored: dispute without a payment intent';
      const outcome = await takeBackPayment(tx, emit, {
        provider: 'stripe',
        paymentRef,
        kind: 'chargeback',
        reference: dispute.id,
        amountCents: dispute.amount,
      });
      return `chargeback: ${outcome}`;
    }
    default:
      return `ignored ${event.type}`;
  }
}

const idOf = (v: string | { id: string } | null | undefined) => (typeof v === 'string' ? v : (v?.id ?? null));

/** Our account for a Stripe object: the id we put in metadata at checkout, else the customer's owner. */
async function ownerFor(
  tx: Tx,
  metadata: Record<string, string> | null | undefined,
  customer: string | null,
): Promise<Owner | null> {
  if (metadata?.accountId) {
    const account = await lockAccountById(tx, metadata.accountId);
    if (account) return ownerOf(account);
  }
  if (!customer) return null;
  const [row] = await tx
    .select({ ownerUserId: customers.ownerUserId, teamId: customers.teamId })
    .from(customers)
    .where(and(eq(customers.provider, 'stripe'), eq(customers.providerCustomerId, customer)));
  return row ? ownerOf(row) : null;
}

async function checkoutCompleted(tx: Tx, emit: Emit, session: Stripe.Checkout.Session): Promise<string> {
  if (session.payment_status !== 'paid') return 'waiting for payment';
  if (session.mode === 'payment') {
    const outcome = await completePackOrder(tx, emit, {
      provider: 'stripe',
      providerRef: session.id,
      paymentRef: idOf(session.payment_intent) ?? session.id,
      customer: session.customer_details ?? undefined,
    });
    return `pack: ${outcome}`;
  }
  if (session.mode !== 'subscription' || !session.subscription) return `ignored ${session.mode} session`;
  const owner = await ownerFor(tx, session.metadata, idOf(session.customer));
  if (!owner) return 'ignored: unknown account';
  const plan = (session.metadata?.plan as PlanId | undefined) ?? 'pro';
  const { sub } = await upsertSubscription(tx, emit, owner, idOf(session.subscription)!, { plan });
  return `subscription ${sub.status}`;
}

interface Facts {
  plan?: PlanId | undefined;
  status?: (typeof subscriptions.$inferSelect)['status'] | undefined;
  seats?: number | undefined;
  periodStart?: Date | undefined;
  periodEnd?: Date | undefined;
  cancelAtPeriodEnd?: boolean | undefined;
}

const terminal = (status: string) => status === 'cancelled' || status === 'expired';

/**
 * Creates or updates our row for a Stripe subscription from what one event knows. The owner's credit
 * account is locked first, so events about one owner apply one at a time.
 */
async function upsertSubscription(tx: Tx, emit: Emit, owner: Owner, ref: string, facts: Facts) {
  const account = await lockAccount(tx, owner);
  const [existing] = await tx
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.provider, 'stripe'), eq(subscriptions.providerRef, ref)))
    .for('update');
  const defined = Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)) as Facts;
  let sub: typeof subscriptions.$inferSelect;
  if (!existing) {
    const start = facts.periodStart ?? new Date();
    [sub] = (await tx
      .insert(subscriptions)
      .values({
        ...('userId' in owner ? { ownerUserId: owner.userId } : { teamId: owner.teamId }),
        plan: facts.plan ?? 'pro',
        status: facts.status ?? 'active',
        provider: 'stripe',
        providerRef: ref,
        seats: facts.seats ?? 1,
        currentPeriodStart: start,
        currentPeriodEnd: facts.periodEnd ?? new Date(start.getTime() + 30 * 86_400_000),
        cancelAtPeriodEnd: facts.cancelAtPeriodEnd ?? false,
      })
      .returning()) as [typeof sub];
  } else {
    // An ended subscription stays ended, whatever older news arrives after.
    if (terminal(existing.status)) delete defined.status;
    const { periodStart, periodEnd, ...rest } = defined;
    const newPeriod = periodStart && periodStart > existing.currentPeriodStart;
    [sub] = (await tx
      .update(subscriptions)
      .set({
        ...rest,
        ...(periodStart && periodEnd && periodStart >= existing.currentPeriodStart
          ? { currentPeriodStart: periodStart, currentPeriodEnd: periodEnd }
          : {}),
        ...(newPeriod ? { pendingPlan: null } : {}),
        updatedAt: new Date(),
      })
      .where(eq(subscriptions.id, existing.id))
      .returning()) as [typeof sub];
  }
  await refreshGrant(tx, account);
  await emit(tx, billing.subscriptionChanged, {
    subscriptionId: sub.id,
    ownerUserId: sub.ownerUserId,
    teamId: sub.teamId,
    plan: sub.plan,
    status: sub.status,
    cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
    currentPeriodEnd: sub.currentPeriodEnd.toISOString(),
  });
  return { sub, account };
}

const fromUnix = (s: number | null | undefined) => (s ? new Date(s * 1000) : undefined);

/** The subscription and account an invoice is for, or why it is ignored. */
async function subscriptionOf(tx: Tx, invoice: Stripe.Invoice) {
  const details = invoice.parent?.subscription_details;
  const ref = idOf(details?.subscription);
  if (!ref) return 'ignored: not a subscription invoice';
  const owner = await ownerFor(tx, details?.metadata, idOf(invoice.customer));
  if (!owner) return 'ignored: unknown account';
  return { ref, owner, metadata: details?.metadata };
}

/** A subscription invoice was paid: the period it pays for is active, dunning ends, the invoice is booked. */
async function invoicePaid(
  deps: BillingWorkerDeps,
  tx: Tx,
  emit: Emit,
  invoice: Stripe.Invoice,
): Promise<string> {
  const found = await subscriptionOf(tx, invoice);
  if (typeof found === 'string') return found;
  const { ref, owner, metadata } = found;
  const line = invoice.lines.data[0];
  const price = line?.pricing?.price_details?.price;
  const plan =
    deps.prices.planFor(typeof price === 'string' ? price : price?.id) ?? (metadata?.plan as PlanId);
  const { sub, account } = await upsertSubscription(tx, emit, owner, ref, {
    plan,
    status: 'active',
    seats: line?.quantity ?? undefined,
    periodStart: fromUnix(line?.period.start),
    periodEnd: fromUnix(line?.period.end),
  });
  if (sub.status === 'active' && (sub.pastDueSince || sub.suspendedAt))
    await tx
      .update(subscriptions)
      .set({ pastDueSince: null, suspendedAt: null, remindersSent: 0 })
      .where(eq(subscriptions.id, sub.id));
  const payment = invoice.payments?.data.find((p) => p.payment.payment_intent)?.payment.payment_intent;
  await recordInvoice(tx, emit, {
    accountId: account.id,
    kind: 'invoice',
    provider: 'stripe',
    providerRef: invoice.id!,
    paymentRef: idOf(payment),
    description: `Atelier ${plan ?? sub.plan} subscription`,
    lines: invoice.lines.data.map((l) => ({
      sku: `plan_${plan ?? sub.plan}`,
      description: l.description ?? `Atelier ${sub.plan}`,
      quantity: 1,
      unitAmountCents: l.amount,
    })),
    currency: invoice.currency,
    hostedUrl: invoice.hosted_invoice_url,
    customer: { name: invoice.customer_name, email: invoice.customer_email },
  });
  return `subscription ${sub.status}, invoice recorded`;
}

/** A renewal was not paid: the subscription is past due and dunning starts (the first reminder now). */
async function paymentFailed(
  deps: BillingWorkerDeps,
  tx: Tx,
  emit: Emit,
  invoice: Stripe.Invoice,
): Promise<string> {
  const found = await subscriptionOf(tx, invoice);
  if (typeof found === 'string') return found;
  const { sub } = await upsertSubscription(tx, emit, found.owner, found.ref, { status: 'past_due' });
  if (sub.status !== 'past_due' || sub.pastDueSince) return `subscription ${sub.status}`;
  const [updated] = await tx
    .update(subscriptions)
    .set({ pastDueSince: new Date(deps.clock()), remindersSent: 1 })
    .where(eq(subscriptions.id, sub.id))
    .returning();
  await sendReminder(deps, tx, emit, updated!, 1, false);
  return 'past_due, dunning started';
}

const STATUS: Record<Stripe.Subscription.Status, Facts['status'] | null> = {
  trialing: 'trialing',
  active: 'active',
  past_due: 'past_due',
  unpaid: 'past_due',
  canceled: 'cancelled',
  incomplete_expired: 'expired',
  paused: 'cancelled',
  // Not live yet: the first payment is still being made.
  incomplete: null,
};

async function subscriptionEvent(
  deps: BillingWorkerDeps,
  tx: Tx,
  emit: Emit,
  s: Stripe.Subscription,
  deleted: boolean,
): Promise<string> {
  const owner = await ownerFor(tx, s.metadata, idOf(s.customer));
  if (!owner) return 'ignored: unknown account';
  const [known] = await tx
    .select({ status: subscriptions.status })
    .from(subscriptions)
    .where(and(eq(subscriptions.provider, 'stripe'), eq(subscriptions.providerRef, s.id)));
  let status = deleted
    ? s.cancellation_details?.reason === 'payment_failed'
      ? 'expired'
      : 'cancelled'
    : STATUS[s.status];
  if (status === null) return 'ignored: incomplete subscription';
  // Only a payment lifts past_due (invoice.paid); an older "active" arriving late must not.
  if (known?.status === 'past_due' && status === 'active') status = undefined;
  if (!known && !deleted && status !== 'active' && status !== 'trialing')
    return `ignored: ${s.status} before it started`;
  const item = s.items.data[0];
  const price = item?.price.id;
  const { sub } = await upsertSubscription(tx, emit, owner, s.id, {
    plan: deps.prices.planFor(price) ?? (s.metadata?.plan as PlanId | undefined),
    status: status as Facts['status'],
    seats: item?.quantity,
    periodStart: fromUnix(item?.current_period_start),
    periodEnd: fromUnix(item?.current_period_end),
    cancelAtPeriodEnd: s.cancel_at_period_end,
  });
  return `subscription ${sub.status}`;
}

async function chargeRefunded(tx: Tx, emit: Emit, charge: Stripe.Charge): Promise<string> {
  const paymentRef = idOf(charge.payment_intent);
  if (!paymentRef) return 'ignored: charge without a payment intent';
  const refunds = charge.refunds?.data ?? [];
  // Without the list (older payloads), the refunded total is one refund keyed by the charge and amount.
  const each = refunds.length
    ? refunds.map((r) => ({ reference: r.id, amountCents: r.amount }))
    : [{ reference: `${charge.id}:${charge.amount_refunded}`, amountCents: charge.amount_refunded }];
  const outcomes = [];
  for (const r of each)
    outcomes.push(await takeBackPayment(tx, emit, { provider: 'stripe', paymentRef, kind: 'refund', ...r }));
  return `refund: ${outcomes.join(', ')}`;
}
