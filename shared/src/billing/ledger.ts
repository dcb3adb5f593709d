import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db';
import { creditAccounts, type LedgerKind, ledgerEntries } from '../db/schema';
import { type PlanId, plans } from './plans';
import { liveSubscription, type Subscription } from './subscriptions';

/**
 * The credit ledger's core: accounts locked one at a time (`FOR UPDATE`), every change an append-only
 * entry with an idempotency key unique per account, and the cached balances updated in the same
 * transaction. Callers bring the transaction; `credits.ts` builds the reserve / capture / release API on
 * top, and the payment handlers the grants, purchases and clawbacks.
 */

export type Owner = { userId: string } | { teamId: string };
export type Account = typeof creditAccounts.$inferSelect;
type Details = Record<string, string | number | boolean | null>;

const ownerColumns = (owner: Owner) =>
  'userId' in owner ? { ownerUserId: owner.userId } : { teamId: owner.teamId };
const ownerWhere = (owner: Owner) =>
  'userId' in owner ? eq(creditAccounts.ownerUserId, owner.userId) : eq(creditAccounts.teamId, owner.teamId);

/**
 * The owner's account, created on first use and locked until the transaction ends: every change to one
 * account is serialised here, so two spenders never both see the last credit.
 */
export async function lockAccount(tx: Tx, owner: Owner): Promise<Account> {
  const lock = () => tx.select().from(creditAccounts).where(ownerWhere(owner)).for('update');
  const [account] = await lock();
  if (account) return account;
  await tx.insert(creditAccounts).values(ownerColumns(owner)).onConflictDoNothing();
  return (await lock())[0]!;
}

export async function lockAccountById(tx: Tx, accountId: string): Promise<Account | undefined> {
  const [account] = await tx
    .select()
    .from(creditAccounts)
    .where(eq(creditAccounts.id, accountId))
    .for('update');
  return account;
}

export const ownerOf = (a: Pick<Account, 'ownerUserId' | 'teamId'>): Owner | null =>
  a.ownerUserId ? { userId: a.ownerUserId } : a.teamId ? { teamId: a.teamId } : null;

export interface Movement {
  kind: LedgerKind;
  idempotencyKey: string;
  grant?: number;
  purchased?: number;
  reserved?: number;
  reservationId?: string;
  details?: Details;
  /** Account columns that change with the entry (the grant period). */
  set?: Partial<Pick<Account, 'grantPlan' | 'grantPeriodStart' | 'grantPeriodEnd'>>;
}

/**
 * Appends one entry and moves the cached balances by its deltas. The account must be locked by this
 * transaction (lockAccount). Returns the entry, or the earlier one when the key was used before (then
 * nothing moves). `account` is updated in place so a caller can post several entries in a row.
 */
export async function post(tx: Tx, account: Account, m: Movement) {
  const grant = m.grant ?? 0;
  const purchased = m.purchased ?? 0;
  const reserved = m.reserved ?? 0;
  for (const n of [grant, purchased, reserved])
    if (!Number.isSafeInteger(n)) throw new Error(`ledger amounts are whole credits, got ${n}`);
  const [entry] = await tx
    .insert(ledgerEntries)
    .values({
      accountId: account.id,
      kind: m.kind,
      idempotencyKey: m.idempotencyKey,
      grantDelta: grant,
      purchasedDelta: purchased,
      reservedDelta: reserved,
      balanceAfter: account.grant + grant + account.purchased + purchased,
      reservationId: m.reservationId,
      details: m.details ?? {},
    })
    .onConflictDoNothing()
    .returning();
  if (!entry) {
    const [earlier] = await tx
      .select()
      .from(ledgerEntries)
      .where(
        and(eq(ledgerEntries.accountId, account.id), eq(ledgerEntries.idempotencyKey, m.idempotencyKey)),
      );
    return { entry: earlier!, duplicate: true };
  }
  const [updated] = await tx
    .update(creditAccounts)
    .set({
      grant: sql`${creditAccounts.grant} + ${grant}`,
      purchased: sql`${creditAccounts.purchased} + ${purchased}`,
      reserved: sql`${creditAccounts.reserved} + ${reserved}`,
      version: sql`${creditAccounts.version} + 1`,
      ...m.set,
    })
    .where(eq(creditAccounts.id, account.id))
    .returning();
  Object.assign(account, updated);
  return { entry, duplicate: false };
}

export interface GrantPeriod {
  plan: PlanId;
  start: Date;
  end: Date;
  credits: number;
}

/**
 * The monthly credits the owner should hold now: a paid plan's for its current (paid) period, else
 * Free's for the calendar month (UTC). None while a renewal is unpaid (past_due) or overdue: the
 * previous grant expires at its end and the next comes with the payment.
 */
export function grantPeriodFor(sub: Subscription | undefined, now: Date): GrantPeriod | null {
  if (sub) {
    if (sub.status === 'past_due') return null;
    if (sub.currentPeriodEnd <= now || sub.currentPeriodStart > now) return null;
    const plan = plans[sub.plan];
    // A contract set up by ops runs for months or years: its credits still come a month at a time.
    const { start, end } =
      sub.provider === 'manual'
        ? monthWithin(sub.currentPeriodStart, sub.currentPeriodEnd, now)
        : { start: sub.currentPeriodStart, end: sub.currentPeriodEnd };
    return { plan: sub.plan, start, end, credits: plan.monthlyCredits * (plan.perSeat ? sub.seats : 1) };
  }
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { plan: 'free', start, end, credits: plans.free.monthlyCredits };
}

/** The month of a longer term that `now` falls in, counted from the term's start (cut at its end). */
function monthWithin(termStart: Date, termEnd: Date, now: Date) {
  const addMonths = (n: number) => {
    const d = new Date(termStart);
    d.setUTCMonth(d.getUTCMonth() + n);
    return d;
  };
  let n =
    (now.getUTCFullYear() - termStart.getUTCFullYear()) * 12 + now.getUTCMonth() - termStart.getUTCMonth();
  if (addMonths(n) > now) n--;
  const end = addMonths(n + 1);
  return { start: addMonths(n), end: end < termEnd ? end : termEnd };
}

/**
 * Brings the month's credits up to date on a locked account: what is left of an ended grant expires
 * (an `expiry` entry), and a period not yet granted is granted (a `grant` entry keyed by plan and period,
 * so it happens once). An upgrade mid-period adds the new plan's credits; what is left of the old
 * grant then lasts to the new period's end.
 */
export async function refreshGrant(
  tx: Tx,
  account: Account,
  now = new Date(),
  /** The owner's live subscription when the caller has read it already (saves a query under the lock). */
  known?: { sub: Subscription | undefined },
) {
  if (account.grantPeriodEnd && account.grantPeriodEnd <= now && account.grant > 0) {
    await post(tx, account, {
      kind: 'expiry',
      idempotencyKey: `expiry:${account.grantPeriodEnd.toISOString()}`,
      grant: -account.grant,
      details: { plan: account.grantPlan, periodEnd: account.grantPeriodEnd.toISOString() },
    });
  }
  const owner = ownerOf(account);
  if (!owner) return;
  const period = grantPeriodFor(known ? known.sub : await liveSubscription(tx, owner), now);
  if (!period) return;
  const same =
    account.grantPlan === period.plan &&
    account.grantPeriodStart?.getTime() === period.start.getTime() &&
    account.grantPeriodEnd?.getTime() === period.end.getTime();
  if (same) return;
  await post(tx, account, {
    kind: 'grant',
    idempotencyKey: `grant:${period.plan}:${period.start.toISOString()}`,
    grant: period.credits,
    details: { plan: period.plan, periodEnd: period.end.toISOString() },
    set: { grantPlan: period.plan, grantPeriodStart: period.start, grantPeriodEnd: period.end },
  });
  // A key seen before (e.g. the same period granted, then a plan change and back) moved nothing: still
  // record the period so the next call does not try again.
  if (account.grantPeriodStart?.getTime() !== period.start.getTime() || account.grantPlan !== period.plan)
    await tx
      .update(creditAccounts)
      .set({ grantPlan: period.plan, grantPeriodStart: period.start, grantPeriodEnd: period.end })
      .where(eq(creditAccounts.id, account.id));
  Object.assign(account, {
    grantPlan: period.plan,
    grantPeriodStart: period.start,
    grantPeriodEnd: period.end,
  });
}

/**
 * Takes credits back (refund, chargeback): from purchased credits first, then from the month's, and
 * what cannot be covered leaves purchased credits negative, which blocks chargeable work until paid or
 * adjusted (never silently: the account reads `flagged`).
 */
export async function clawBack(
  tx: Tx,
  account: Account,
  m: { kind: 'refund' | 'chargeback'; idempotencyKey: string; amount: number; details?: Details },
) {
  const fromPurchased = Math.max(0, Math.min(account.purchased, m.amount));
  const fromGrant = Math.min(account.grant, m.amount - fromPurchased);
  const uncovered = m.amount - fromPurchased - fromGrant;
  return post(tx, account, {
    kind: m.kind,
    idempotencyKey: m.idempotencyKey,
    grant: -fromGrant,
    purchased: -(fromPurchased + uncovered),
    details: { ...m.details, credits: m.amount },
  });
}

/** The numbers people see. `available` is what can be reserved now. */
export function balanceOf(a: Account) {
  return {
    available: Math.max(0, a.grant + a.purchased),
    monthly: a.grant,
    purchased: a.purchased,
    reserved: a.reserved,
    monthlyExpiresAt: a.grantPeriodEnd?.toISOString() ?? null,
    /** Credits were taken back after being spent: chargeable work is blocked until this is settled. */
    flagged: a.purchased < 0,
  };
}

/**
 * Accounts whose cached balances differ from the sums of their entries (should be none: the sweep logs
 * any it finds, and the tests assert it after every concurrent run).
 */
export async function unreconciled(db: DbOrTx): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    select a.id from billing.credit_accounts a
    left join (
      select account_id, sum(grant_delta) g, sum(purchased_delta) p, sum(reserved_delta) r
      from billing.ledger_entries group by account_id
    ) s on s.account_id = a.id
    where a.grant <> coalesce(s.g, 0) or a.purchased <> coalesce(s.p, 0) or a.reserved <> coalesce(s.r, 0)`);
  return rows.map((r) => r.id);
}
