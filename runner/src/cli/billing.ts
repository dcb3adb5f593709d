import { randomUUID } from 'node:crypto';
import { creditSummary } from '@atelier/shared/billing/credits';
import { lockAccount, type Owner, post, unreconciled } from '@atelier/shared/billing/ledger';
import { liveSubscription } from '@atelier/shared/billing/subscriptions';
import type { Db } from '@atelier/shared/db';
import { subscriptions, teams, users } from '@atelier/shared/db/schema';
import { eq } from 'drizzle-orm';

/**
 * Ops' billing commands (npm run atelier -- billing …): what has no screen because only the team
 * running the platform may do it — goodwill or corrective credits, Enterprise contracts, a ledger check.
 */
export const billingUsage = `  billing adjust <user|team>:<id> <credits> <reason…>
                           add (or, negative, remove) purchased credits with an 'adjustment' entry
  billing enterprise <user|team>:<id> <seats> <months>
                           put an owner on Enterprise (a manual subscription for that many months;
                           200 credits a seat each month)
  billing end <user|team>:<id>
                           end an owner's manual (Enterprise) subscription now: back to Free
  billing reconcile        list accounts whose cached balance differs from their ledger (should be none)
`;

export function parseOwner(text: string | undefined): Owner {
  const m = /^(user|team):([0-9a-f-]{36})$/i.exec(text ?? '');
  if (!m) throw new Error(`an owner is user:<uuid> or team:<uuid>, not "${text ?? ''}"`);
  return m[1]!.toLowerCase() === 'user' ? { userId: m[2]! } : { teamId: m[2]! };
}

const wholeNumber = (text: string | undefined, what: string, min: number) => {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min) throw new Error(`${what} must be a whole number ≥ ${min}`);
  return n;
};

/** A typo in an id must not send credits nowhere: the user or team has to exist. */
async function assertExists(db: Db, owner: Owner) {
  const [row] =
    'userId' in owner
      ? await db.select({ id: users.id }).from(users).where(eq(users.id, owner.userId))
      : await db.select({ id: teams.id }).from(teams).where(eq(teams.id, owner.teamId));
  if (!row) throw new Error(`no such ${'userId' in owner ? 'user' : 'team'}`);
}

/** Each call is a new entry (run it once per intended change). Removing stops at zero purchased credits. */
export async function adjustCredits(db: Db, owner: Owner, credits: number, reason: string) {
  if (!Number.isSafeInteger(credits) || credits === 0)
    throw new Error('credits must be a non-zero whole number');
  if (!reason.trim()) throw new Error('say why (it is shown in the history)');
  await assertExists(db, owner);
  return db.transaction(async (tx) => {
    const account = await lockAccount(tx, owner);
    if (account.purchased + credits < 0)
      throw new Error(
        `that would leave purchased credits at ${account.purchased + credits}; at most ${Math.max(0, account.purchased)} can be removed`,
      );
    await post(tx, account, {
      kind: 'adjustment',
      idempotencyKey: `adjustment:${randomUUID()}`,
      purchased: credits,
      details: { reason: reason.slice(0, 200), credits },
    });
    return creditSummary(tx, owner);
  });
}

export async function startEnterprise(db: Db, owner: Owner, seats: number, months: number) {
  await assertExists(db, owner);
  return db.transaction(async (tx) => {
    await lockAccount(tx, owner);
    const live = await liveSubscription(tx, owner);
    if (live) throw new Error(`there is a live ${live.plan} subscription (${live.provider}); end it first`);
    const start = new Date();
    const end = new Date(start);
    end.setUTCMonth(end.getUTCMonth() + months);
    const [sub] = await tx
      .insert(subscriptions)
      .values({
        ...('userId' in owner ? { ownerUserId: owner.userId } : { teamId: owner.teamId }),
        plan: 'enterprise',
        status: 'active',
        provider: 'manual',
        seats,
        currentPeriodStart: start,
        currentPeriodEnd: end,
      })
      .returning();
    return sub!;
  });
}

export async function endManual(db: Db, owner: Owner) {
  return db.transaction(async (tx) => {
    const live = await liveSubscription(tx, owner);
    if (live?.provider !== 'manual')
      throw new Error(
        live
          ? `the live subscription is ${live.provider}'s: the customer manages it`
          : 'no live subscription',
      );
    const [ended] = await tx
      .update(subscriptions)
      .set({ status: 'cancelled', currentPeriodEnd: new Date(), updatedAt: new Date() })
      .where(eq(subscriptions.id, live.id))
      .returning();
    return ended!;
  });
}

export async function billingCommand(db: Db, args: string[]): Promise<string> {
  const [cmd, ownerText, a, ...rest] = args;
  if (cmd === 'adjust') {
    const s = await adjustCredits(db, parseOwner(ownerText), Number(a), rest.join(' '));
    return `balance now ${s.available} (monthly ${s.monthly}, purchased ${s.purchased}, held ${s.reserved})`;
  }
  if (cmd === 'enterprise') {
    const sub = await startEnterprise(
      db,
      parseOwner(ownerText),
      wholeNumber(a, 'seats', 1),
      wholeNumber(rest[0], 'months', 1),
    );
    return `enterprise subscription ${sub.id} until ${sub.currentPeriodEnd.toISOString()}`;
  }
  if (cmd === 'end') {
    const ended = await endManual(db, parseOwner(ownerText));
    return `${ended.plan} subscription ${ended.id} ended`;
  }
  if (cmd === 'reconcile') {
    const bad = await unreconciled(db);
    return bad.length === 0 ? 'every account matches its ledger' : `mismatched accounts:\n${bad.join('\n')}`;
  }
  throw new Error(`unknown billing command\n\n${billingUsage}`);
}
