import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { creditAccounts, reservations, usageCounters } from '../db/schema';
import { AppError, NotFoundError } from '../errors';
import {
  type Account,
  balanceOf,
  lockAccount,
  lockAccountById,
  type Owner,
  post,
  refreshGrant,
} from './ledger';
import { CURRENCY, costs, type Operation, plans } from './plans';
import { liveSubscription } from './subscriptions';

/**
 * The spending API (PRODUCT.md §5), a shared module rather than an internal endpoint: the generation
 * functions reserve in the same database transaction that records the request, so a request is never
 * stored without its credits held, nor credits held for a request that was not stored; and a capture
 * or release commits with the state change that caused it. Every call takes the caller's transaction.
 *
 *   reserve(tx, owner, { operation, idempotencyKey })  → held reservation (402 when it cannot be paid)
 *   capture(tx, reservationId)                         → the work succeeded: the credits are spent
 *   release(tx, reservationId, reason)                 → it failed (not the user's fault): credits back
 *
 * A reservation not settled within its TTL is released by `releaseExpired` (billing-worker's sweep);
 * capturing it afterwards answers 409 (the work is then free). docs/billing.md has the full contract.
 */

export type Reservation = typeof reservations.$inferSelect;

/** Work reports back within this long, or its credits come back. */
export const DEFAULT_RESERVATION_TTL_MS = 15 * 60_000;

const SAMPLE_BATCHES = 'sample_batches';

export interface ReserveInput {
  operation: Operation;
  /** Unique per account: the same key reserves once and returns the same reservation. */
  idempotencyKey: string;
  /** What the credits pay for (e.g. a generation id), shown in the history. */
  reference?: string;
  ttlMs?: number;
  now?: Date;
  /**
   * Pay-as-you-go (an API key billed in money, PRODUCT.md §7): no credits are held; these cents are
   * charged through the ledger when the work is captured, nothing when it is released.
   */
  meteredCents?: number;
}

/** What a pay-as-you-go key pays for a generation (a batch of samples; its final is included). */
export const API_GENERATION_CENTS = 5;

/**
 * Holds what `operation` costs the owner under their plan (0 within a paid plan's allowance, which it
 * counts). 402 `insufficient_credits` (with what would fix it), `payment_past_due` (suspended by
 * dunning) or `negative_balance` (credits taken back after a refund); nothing is written then.
 */
export async function reserve(tx: Tx, owner: Owner, input: ReserveInput): Promise<Reservation> {
  const now = input.now ?? new Date();
  // A retry finds its reservation without taking the account's lock.
  const earlier = await findReservation(tx, owner, input.idempotencyKey);
  if (earlier) return earlier;
  const account = await lockAccount(tx, owner);
  const sub = await liveSubscription(tx, owner);
  await refreshGrant(tx, account, now, { sub });
  if (sub?.suspendedAt)
    throw new AppError(
      'payment_past_due',
      402,
      'A subscription payment is overdue: paid work is suspended until it is paid',
      { fix: 'update_payment_method', billingUrl: '/billing' },
    );
  if (account.purchased < 0)
    throw new AppError(
      'negative_balance',
      402,
      'Credits were taken back after a refund or chargeback: buy credits to settle the balance',
      { owed: -account.purchased, fix: 'buy_credits', billingUrl: '/billing' },
    );

  const metered = input.meteredCents !== undefined;
  const amount = metered ? 0 : await costFor(tx, account, input.operation);
  if (account.grant + account.purchased < amount) {
    const plan = account.grantPlan ?? 'free';
    throw new AppError(
      'insufficient_credits',
      402,
      `This needs ${amount} credit${amount === 1 ? '' : 's'}; you have ${account.grant + account.purchased}`,
      {
        needed: amount,
        available: account.grant + account.purchased,
        fix: plan === 'free' ? ['buy_credits', 'upgrade'] : ['buy_credits'],
        billingUrl: '/billing',
      },
    );
  }
  const fromGrant = Math.min(account.grant, amount);
  const [reservation] = await tx
    .insert(reservations)
    .values({
      accountId: account.id,
      idempotencyKey: input.idempotencyKey,
      operation: input.operation,
      reference: input.reference,
      amount,
      priceCents: input.meteredCents ?? 0,
      fromGrant,
      fromPurchased: amount - fromGrant,
      grantPeriodEnd: account.grantPeriodEnd,
      expiresAt: new Date(now.getTime() + (input.ttlMs ?? DEFAULT_RESERVATION_TTL_MS)),
    })
    .onConflictDoNothing()
    .returning();
  // The same key raced past the first look: the other one holds the credits.
  if (!reservation) return (await findReservation(tx, owner, input.idempotencyKey))!;
  if (amount > 0)
    await post(tx, account, {
      kind: 'reserve',
      idempotencyKey: `reserve:${reservation!.id}`,
      grant: -fromGrant,
      purchased: -(amount - fromGrant),
      reserved: amount,
      reservationId: reservation!.id,
      details: { operation: input.operation, reference: input.reference ?? null },
    });
  return reservation!;
}

async function findReservation(tx: Tx, owner: Owner, key: string) {
  const [row] = await tx
    .select({ r: reservations })
    .from(reservations)
    .innerJoin(creditAccounts, eq(creditAccounts.id, reservations.accountId))
    .where(
      and(
        'userId' in owner
          ? eq(creditAccounts.ownerUserId, owner.userId)
          : eq(creditAccounts.teamId, owner.teamId),
        eq(reservations.idempotencyKey, key),
      ),
    );
  return row?.r;
}

/** A paid plan's sample batches are free up to its allowance in the period (then priced as on Free). */
async function costFor(tx: Tx, account: Account, operation: Operation): Promise<number> {
  const plan = plans[account.grantPlan ?? 'free'];
  if (operation === 'final_standard' && plan.freeStandardFinals) return 0;
  if (operation !== 'samples' || plan.freeSampleBatches === 0 || !account.grantPeriodStart)
    return costs[operation];
  const [counter] = await tx
    .insert(usageCounters)
    .values({
      accountId: account.id,
      periodStart: account.grantPeriodStart,
      metric: SAMPLE_BATCHES,
      count: 1,
    })
    .onConflictDoUpdate({
      target: [usageCounters.accountId, usageCounters.periodStart, usageCounters.metric],
      set: { count: sql`${usageCounters.count} + 1` },
    })
    .returning({ count: usageCounters.count });
  return counter!.count <= plan.freeSampleBatches ? 0 : costs.samples;
}

/** Locks the reservation's account, then the reservation (the same order everywhere: no deadlocks). */
async function lockReservation(tx: Tx, reservationId: string) {
  const [r] = await tx.select().from(reservations).where(eq(reservations.id, reservationId));
  if (!r) throw new NotFoundError('Reservation not found');
  const account = (await lockAccountById(tx, r.accountId))!;
  const [locked] = await tx
    .select()
    .from(reservations)
    .where(eq(reservations.id, reservationId))
    .for('update');
  return { account, reservation: locked! };
}

function refuse(r: Reservation, action: string): never {
  throw new AppError('invalid_state', 409, `Cannot ${action} a reservation that is ${r.state}`, {
    state: r.state,
    reservationId: r.id,
  });
}

/** The work succeeded: the held credits are spent. Only a held reservation can be captured (else 409). */
export async function capture(tx: Tx, reservationId: string): Promise<Reservation> {
  const { account, reservation } = await lockReservation(tx, reservationId);
  if (reservation.state !== 'held') refuse(reservation, 'capture');
  const [done] = await tx
    .update(reservations)
    .set({ state: 'captured', settledAt: new Date() })
    .where(eq(reservations.id, reservationId))
    .returning();
  if (reservation.amount > 0)
    await post(tx, account, {
      kind: 'capture',
      idempotencyKey: `capture:${reservationId}`,
      reserved: -reservation.amount,
      reservationId,
      details: { operation: reservation.operation, reference: reservation.reference },
    });
  if (reservation.priceCents > 0)
    await post(tx, account, {
      kind: 'api_usage',
      idempotencyKey: `api_usage:${reservationId}`,
      reservationId,
      details: {
        operation: reservation.operation,
        reference: reservation.reference,
        amountCents: reservation.priceCents,
        currency: CURRENCY,
      },
    });
  return done!;
}

/**
 * The work failed for a reason not the user's (or timed out): the credits come back to the buckets they
 * came from. Month credits whose period ended meanwhile come back and expire at once.
 */
export async function release(tx: Tx, reservationId: string, reason: string): Promise<Reservation> {
  const { account, reservation } = await lockReservation(tx, reservationId);
  if (reservation.state !== 'held') refuse(reservation, 'release');
  const [done] = await tx
    .update(reservations)
    .set({ state: 'released', settledAt: new Date(), releaseReason: reason.slice(0, 200) })
    .where(eq(reservations.id, reservationId))
    .returning();
  if (reservation.amount > 0) {
    const details = { operation: reservation.operation, reference: reservation.reference, reason };
    await post(tx, account, {
      kind: 'release',
      idempotencyKey: `release:${reservationId}`,
      grant: reservation.fromGrant,
      purchased: reservation.fromPurchased,
      reserved: -reservation.amount,
      reservationId,
      details,
    });
    const periodEnded =
      reservation.grantPeriodEnd?.getTime() !== account.grantPeriodEnd?.getTime() ||
      (account.grantPeriodEnd !== null && account.grantPeriodEnd <= new Date());
    if (reservation.fromGrant > 0 && periodEnded)
      await post(tx, account, {
        kind: 'expiry',
        idempotencyKey: `expiry:release:${reservationId}`,
        grant: -Math.min(reservation.fromGrant, account.grant),
        reservationId,
        details: { reason: 'month credits released after their period ended' },
      });
  }
  return done!;
}

/** Releases reservations past their deadline, a batch at a time. Returns how many. */
export async function releaseExpired(db: Db, now = new Date(), batch = 100): Promise<number> {
  let released = 0;
  for (;;) {
    const due = await db
      .select({ id: reservations.id })
      .from(reservations)
      .where(and(eq(reservations.state, 'held'), lt(reservations.expiresAt, now)))
      .orderBy(asc(reservations.expiresAt))
      .limit(batch);
    for (const { id } of due) {
      // One transaction each: a reservation settled meanwhile is skipped, the rest go on.
      const ok = await db
        .transaction(async (tx) => {
          await release(tx, id, 'timeout');
          return true;
        })
        .catch((err: unknown) => {
          if (err instanceof AppError && err.code === 'invalid_state') return false;
          throw err;
        });
      if (ok) released++;
    }
    if (due.length < batch) return released;
  }
}

/** The account as its owner sees it, month credits brought up to date first. */
export async function creditSummary(tx: Tx, owner: Owner, now = new Date()) {
  const account = await lockAccount(tx, owner);
  await refreshGrant(tx, account, now);
  const plan = plans[account.grantPlan ?? 'free'];
  let sampleBatches = 0;
  if (account.grantPeriodStart) {
    const [c] = await tx
      .select({ count: usageCounters.count })
      .from(usageCounters)
      .where(
        and(
          eq(usageCounters.accountId, account.id),
          eq(usageCounters.periodStart, account.grantPeriodStart),
          eq(usageCounters.metric, SAMPLE_BATCHES),
        ),
      );
    sampleBatches = c?.count ?? 0;
  }
  return {
    accountId: account.id,
    ...balanceOf(account),
    usage: {
      periodStart: account.grantPeriodStart?.toISOString() ?? null,
      sampleBatches,
      freeSampleBatches: plan.freeSampleBatches,
    },
  };
}
