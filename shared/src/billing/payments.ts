import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db';
import { type InvoiceLine, invoices, orders } from '../db/schema';
import { RetryLaterError } from '../errors';
import { billing } from '../events/catalog';
import type { EventData, EventDef } from '../events/define';
import { type Account, clawBack, lockAccountById, post } from './ledger';

/**
 * What a payment means for the books, the same whichever provider it came through: a completed pack
 * order credits the account once and becomes an invoice; a refund or chargeback takes the credits
 * back and becomes a credit note. Each records an event for odoo-sync and the owner's notifications.
 */

/** Adds an event to the outbox in `tx` (relayed after commit): outbox.transaction's emit or a handler's. */
export type Emit = <E extends EventDef>(tx: Tx, def: E, data: EventData<E>) => Promise<unknown>;

export interface Customer {
  name?: string | null | undefined;
  email?: string | null | undefined;
}

/** Tells the owner's notifications (and the audit log) that credits came or went. */
const announceCredits = (
  tx: Tx,
  emit: Emit,
  account: Account,
  kind: 'purchase' | 'refund' | 'chargeback',
  amount: number,
) =>
  emit(tx, billing.creditsChanged, {
    accountId: account.id,
    ownerUserId: account.ownerUserId,
    teamId: account.teamId,
    kind,
    amount,
    balance: account.grant + account.purchased,
  });

const invoiceNumber = (prefix: 'INV' | 'CRN', at: Date, id: string) =>
  `${prefix}-${at.toISOString().slice(0, 7).replace('-', '')}-${id.slice(0, 8).toUpperCase()}`;

/**
 * Stores an invoice (or credit note) once per (provider, reference, kind) and announces it. Returns
 * the stored row, the earlier one when it was recorded before.
 */
export async function recordInvoice(
  tx: Tx,
  emit: Emit,
  input: {
    accountId: string;
    kind: 'invoice' | 'credit_note';
    provider: 'stripe' | 'paypal';
    providerRef: string;
    paymentRef?: string | null | undefined;
    invoiceId?: string | null | undefined;
    description: string;
    lines: InvoiceLine[];
    currency: string;
    hostedUrl?: string | null | undefined;
    customer?: Customer | undefined;
  },
) {
  const id = crypto.randomUUID();
  const issuedAt = new Date();
  const [row] = await tx
    .insert(invoices)
    .values({
      id,
      accountId: input.accountId,
      kind: input.kind,
      provider: input.provider,
      providerRef: input.providerRef,
      paymentRef: input.paymentRef ?? null,
      invoiceId: input.invoiceId ?? null,
      number: invoiceNumber(input.kind === 'invoice' ? 'INV' : 'CRN', issuedAt, id),
      description: input.description,
      lines: input.lines,
      totalCents: input.lines.reduce((sum, l) => sum + l.quantity * l.unitAmountCents, 0),
      currency: input.currency.toLowerCase(),
      hostedUrl: input.hostedUrl ?? null,
      customerName: input.customer?.name ?? null,
      customerEmail: input.customer?.email ?? null,
      issuedAt,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    const [earlier] = await tx
      .select()
      .from(invoices)
      .where(
        and(
          eq(invoices.provider, input.provider),
          eq(invoices.providerRef, input.providerRef),
          eq(invoices.kind, input.kind),
        ),
      );
    return earlier!;
  }
  await emit(tx, billing.invoiceRecorded, { invoiceId: row.id, kind: row.kind, provider: row.provider });
  return row;
}

/**
 * A pack order was paid: its credits are added (never expiring) once, whatever the number of
 * deliveries, and the invoice recorded. `unknown` when no such order exists, `already` when done before.
 */
export async function completePackOrder(
  tx: Tx,
  emit: Emit,
  input: {
    provider: 'stripe' | 'paypal';
    providerRef: string;
    paymentRef: string;
    hostedUrl?: string | null | undefined;
    customer?: Customer | undefined;
  },
): Promise<'completed' | 'already' | 'unknown'> {
  const [order] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.provider, input.provider), eq(orders.providerRef, input.providerRef)))
    .for('update');
  if (!order) return 'unknown';
  if (order.state !== 'created') return 'already';
  const account = (await lockAccountById(tx, order.accountId))!;
  await post(tx, account, {
    kind: 'purchase',
    idempotencyKey: `purchase:${input.provider}:${input.providerRef}`,
    purchased: order.credits,
    details: { pack: order.pack, provider: input.provider, amountCents: order.amountCents },
  });
  await tx
    .update(orders)
    .set({ state: 'completed', paymentRef: input.paymentRef, completedAt: new Date() })
    .where(eq(orders.id, order.id));
  await recordInvoice(tx, emit, {
    accountId: account.id,
    kind: 'invoice',
    provider: input.provider,
    providerRef: input.paymentRef,
    paymentRef: input.paymentRef,
    description: `${order.credits} credits`,
    lines: [
      {
        sku: order.pack,
        description: `${order.credits} Atelier credits`,
        quantity: 1,
        unitAmountCents: order.amountCents,
      },
    ],
    currency: order.currency,
    hostedUrl: input.hostedUrl,
    customer: input.customer,
  });
  await announceCredits(tx, emit, account, 'purchase', order.credits);
  return 'completed';
}

/**
 * Money went back (refund) or was taken back (chargeback) for a payment: the pack's credits, in
 * proportion to the amount, are clawed back once per `reference`, and a credit note is recorded against
 * the payment's invoice.
 */
export async function takeBackPayment(
  tx: Tx,
  emit: Emit,
  input: {
    provider: 'stripe' | 'paypal';
    paymentRef: string;
    kind: 'refund' | 'chargeback';
    /** The refund's or dispute's own id: the idempotency key. */
    reference: string;
    amountCents: number;
  },
): Promise<'taken_back'> {
  const [invoice] = await tx
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.provider, input.provider),
        eq(invoices.paymentRef, input.paymentRef),
        eq(invoices.kind, 'invoice'),
      ),
    );
  // The payment's own event may still be on its way (providers do not keep order): try again later;
  // one that never comes ends in the dead letters for a person to look at.
  if (!invoice)
    throw new RetryLaterError(
      `No recorded payment ${input.paymentRef} yet for ${input.kind} ${input.reference}`,
      30,
    );
  const account = (await lockAccountById(tx, invoice.accountId))!;
  const [order] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.provider, input.provider), eq(orders.paymentRef, input.paymentRef)))
    .for('update');
  const share = Math.min(1, input.amountCents / Math.max(1, invoice.totalCents));
  // Packs: their credits. Subscriptions: that share of the month's credits still left.
  const credits = Math.round((order ? order.credits : account.grant) * share);
  if (credits > 0) {
    const { duplicate } = await clawBack(tx, account, {
      kind: input.kind,
      idempotencyKey: `${input.kind}:${input.provider}:${input.reference}`,
      amount: credits,
      details: { provider: input.provider, amountCents: input.amountCents },
    });
    if (!duplicate) await announceCredits(tx, emit, account, input.kind, -credits);
  }
  if (order && share >= 1)
    await tx
      .update(orders)
      .set({ state: input.kind === 'refund' ? 'refunded' : 'reversed' })
      .where(eq(orders.id, order.id));
  await recordInvoice(tx, emit, {
    accountId: account.id,
    kind: 'credit_note',
    provider: input.provider,
    providerRef: input.reference,
    paymentRef: input.paymentRef,
    invoiceId: invoice.id,
    description: `${input.kind === 'refund' ? 'Refund' : 'Chargeback'} of ${invoice.number}`,
    lines: [
      {
        sku: invoice.lines[0]?.sku ?? 'payment',
        description: `${input.kind === 'refund' ? 'Refund' : 'Chargeback'}: ${invoice.description}`,
        quantity: 1,
        unitAmountCents: input.amountCents,
      },
    ],
    currency: invoice.currency,
    customer: { name: invoice.customerName, email: invoice.customerEmail },
  });
  return 'taken_back';
}
