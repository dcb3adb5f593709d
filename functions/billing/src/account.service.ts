import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { creditSummary } from '@atelier/shared/billing/credits';
import { lockAccount, type Owner } from '@atelier/shared/billing/ledger';
import { CURRENCY, costs, entitlementsOf, packs, plans } from '@atelier/shared/billing/plans';
import { liveSubscription, subscriptionView } from '@atelier/shared/billing/subscriptions';
import { creditAccounts, invoices, ledgerEntries } from '@atelier/shared/db/schema';
import { AppError, ValidationError } from '@atelier/shared/errors';
import { decodeCursor, newestFirst, page } from '@atelier/shared/http/pagination';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { BillingDeps } from './deps';
import { billingOwner } from './owner';

/** The plan in force, the credits (month's brought up to date) and which payment providers are on. */
export async function getBilling(deps: BillingDeps, auth: AuthClaims, teamId: string | undefined) {
  const owner = await billingOwner(deps.db, auth, teamId, 'view');
  // A member who may not change the team's billing is told why: the role, or MFA missing.
  const manageBlocked: 'role' | 'mfa_required' | null = teamId
    ? await billingOwner(deps.db, auth, teamId, 'manage').then(
        () => null,
        (err: unknown) => (err instanceof AppError && err.code === 'mfa_required' ? 'mfa_required' : 'role'),
      )
    : null;
  return deps.db.transaction(async (tx) => {
    const credits = await creditSummary(tx, owner);
    const sub = await liveSubscription(tx, owner);
    const plan = sub?.plan ?? 'free';
    return {
      owner: 'userId' in owner ? { type: 'user', id: owner.userId } : { type: 'team', id: owner.teamId },
      canManage: manageBlocked === null,
      manageBlocked,
      plan,
      entitlements: entitlementsOf(plan),
      subscription: sub ? subscriptionView(sub, deps.graceDays) : null,
      credits,
      providers: { stripe: deps.stripe !== null, paypal: deps.paypal !== null },
    };
  });
}

/** What can be bought: the plans with what they include, the credit packs, and what work costs. */
export function catalog() {
  return {
    currency: CURRENCY,
    plans: Object.entries(plans).map(([id, p]) => ({ id, ...p })),
    packs: Object.entries(packs).map(([id, p]) => ({ id, ...p })),
    costs,
  };
}

async function accountId(deps: BillingDeps, owner: Owner) {
  const where =
    'userId' in owner
      ? eq(creditAccounts.ownerUserId, owner.userId)
      : eq(creditAccounts.teamId, owner.teamId);
  const [row] = await deps.db.select({ id: creditAccounts.id }).from(creditAccounts).where(where);
  if (row) return row.id;
  return deps.db.transaction(async (tx) => (await lockAccount(tx, owner)).id);
}

/** Ledger ids only grow: the cursor is the last id seen. */
function ledgerCursor(cursor: string | undefined): number | undefined {
  if (!cursor) return undefined;
  const id = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(id) || id < 1)
    throw new ValidationError('Invalid query parameters', [
      { path: 'cursor', message: 'is not a cursor from this list' },
    ]);
  return id;
}

/** The history, newest first: each entry's change to spendable and to held credits. */
export async function listLedger(
  deps: BillingDeps,
  auth: AuthClaims,
  q: { teamId?: string | undefined; limit: number; cursor?: string | undefined },
) {
  const owner = await billingOwner(deps.db, auth, q.teamId, 'view');
  const account = await accountId(deps, owner);
  const before = ledgerCursor(q.cursor);
  const conditions: SQL[] = [eq(ledgerEntries.accountId, account)];
  if (before) conditions.push(lt(ledgerEntries.id, before));
  const rows = await deps.db
    .select()
    .from(ledgerEntries)
    .where(and(...conditions))
    .orderBy(desc(ledgerEntries.id))
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit).map((e) => ({
    id: String(e.id),
    kind: e.kind,
    change: e.grantDelta + e.purchasedDelta,
    held: e.reservedDelta,
    balanceAfter: e.balanceAfter,
    details: e.details,
    createdAt: e.createdAt.toISOString(),
  }));
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > q.limit && last ? Buffer.from(last.id).toString('base64url') : null,
  };
}

/** Invoices and credit notes, newest first. */
export async function listInvoices(
  deps: BillingDeps,
  auth: AuthClaims,
  q: { teamId?: string | undefined; limit: number; cursor?: string | undefined },
) {
  const owner = await billingOwner(deps.db, auth, q.teamId, 'view');
  const account = await accountId(deps, owner);
  const order = newestFirst(invoices.issuedAt, invoices.id, decodeCursor(q.cursor));
  const rows = await deps.db
    .select()
    .from(invoices)
    .where(and(eq(invoices.accountId, account), order.where))
    .orderBy(...order.orderBy)
    .limit(q.limit + 1);
  const { items, nextCursor } = page(
    rows.map((r) => ({ ...r, createdAt: r.issuedAt })),
    q.limit,
  );
  return {
    items: items.map((r) => ({
      id: r.id,
      number: r.number,
      kind: r.kind,
      description: r.description,
      totalCents: r.totalCents,
      currency: r.currency,
      issuedAt: r.issuedAt.toISOString(),
      hostedUrl: r.hostedUrl,
      provider: r.provider,
    })),
    nextCursor,
  };
}
