import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { lockAccount } from '@atelier/shared/billing/ledger';
import { completePackOrder } from '@atelier/shared/billing/payments';
import type { PaypalClient } from '@atelier/shared/billing/paypal';
import { CURRENCY, type PackId, packs } from '@atelier/shared/billing/plans';
import { creditAccounts, orders } from '@atelier/shared/db/schema';
import { AppError, NotFoundError } from '@atelier/shared/errors';
import { and, eq } from 'drizzle-orm';
import type { BillingDeps } from './deps';
import { billingOwner } from './owner';

function paypalOf(deps: BillingDeps): PaypalClient {
  if (!deps.paypal)
    throw new AppError('payments_not_configured', 503, 'PayPal is not configured on this server');
  return deps.paypal;
}

/**
 * Starts buying a pack with PayPal: our order row first (its id is PayPal's custom_id and the return
 * link's), then PayPal's order, whose id the row keeps. The payer approves at `approveUrl` and comes back
 * to the billing page, which asks for the capture. An order PayPal refused is not kept.
 */
export async function createPaypalOrder(
  deps: BillingDeps,
  auth: AuthClaims,
  input: { pack: PackId; teamId?: string | undefined },
) {
  // Authorised first: a team the caller is not in is a 404 whether or not PayPal is on.
  const owner = await billingOwner(deps.db, auth, input.teamId, 'manage');
  const paypal = paypalOf(deps);
  const pack = packs[input.pack];
  const order = await deps.db.transaction(async (tx) => {
    const account = await lockAccount(tx, owner);
    const [row] = await tx
      .insert(orders)
      .values({
        accountId: account.id,
        provider: 'paypal',
        pack: input.pack,
        credits: pack.credits,
        amountCents: pack.priceCents,
        currency: CURRENCY,
        createdBy: auth.userId,
      })
      .returning();
    return row!;
  });
  try {
    const created = await paypal.createOrder({
      referenceId: order.id,
      description: `${pack.credits} Atelier credits`,
      amountCents: order.amountCents,
      currency: order.currency,
      returnUrl: `${deps.publicUrl}/billing?paypal=return&order=${order.id}`,
      cancelUrl: `${deps.publicUrl}/billing?paypal=cancelled`,
    });
    await deps.db.update(orders).set({ providerRef: created.id }).where(eq(orders.id, order.id));
    return { orderId: order.id, paypalOrderId: created.id, approveUrl: created.approveUrl };
  } catch (err) {
    await deps.db.delete(orders).where(eq(orders.id, order.id));
    throw err;
  }
}

/**
 * The payer approved: capture at PayPal and credit the pack in one transaction. The webhook's
 * PAYMENT.CAPTURE.COMPLETED does the same through completePackOrder, so whichever comes first credits
 * and the other finds the order completed. Capturing again answers the order's state; of two captures
 * at once PayPal makes one, and the other reads it back (paypal.ts), so both end completed, credited once.
 */
export async function capturePaypalOrder(deps: BillingDeps, auth: AuthClaims, orderId: string) {
  const [found] = await deps.db
    .select({ order: orders, ownerUserId: creditAccounts.ownerUserId, teamId: creditAccounts.teamId })
    .from(orders)
    .innerJoin(creditAccounts, eq(creditAccounts.id, orders.accountId))
    .where(and(eq(orders.id, orderId), eq(orders.provider, 'paypal')));
  if (!found?.order.providerRef) throw new NotFoundError('Order');
  // Someone else's order is not found; a team's needs the right to manage its billing.
  if (found.teamId) await billingOwner(deps.db, auth, found.teamId, 'manage');
  else if (found.ownerUserId !== auth.userId) throw new NotFoundError('Order');
  const { order } = found;
  if (order.state !== 'created') return { state: order.state, credits: order.credits };
  const paypal = paypalOf(deps);

  const captured = await paypal.captureOrder(order.providerRef!);
  if (captured.captureStatus !== 'COMPLETED' || !captured.captureId) {
    // PENDING (e.g. under review): PAYMENT.CAPTURE.COMPLETED credits the pack when the money arrives.
    deps.log.info(
      { orderId, status: captured.status, captureStatus: captured.captureStatus },
      'paypal capture not completed',
    );
    return {
      state: order.state,
      credits: order.credits,
      paypalStatus: captured.captureStatus ?? captured.status,
    };
  }
  const state = await deps.outbox.transaction(async (tx, emit) => {
    await completePackOrder(tx, emit, {
      provider: 'paypal',
      providerRef: order.providerRef!,
      paymentRef: captured.captureId!,
      customer: captured.payer,
    });
    const [after] = await tx.select({ state: orders.state }).from(orders).where(eq(orders.id, order.id));
    return after!.state;
  });
  return { state, credits: order.credits };
}
