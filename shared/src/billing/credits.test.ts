import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db';
import { creditAccounts, ledgerEntries, subscriptions, usageCounters } from '../db/schema';
import { AppError } from '../errors';
import { scratchDatabase } from '../testing/db';
import { capture, creditSummary, release, releaseExpired, reserve } from './credits';
import { clawBack, lockAccount, type Owner, post, unreconciled } from './ledger';

const DAY = 86_400_000;

describe('credits: reserve / capture / release on the ledger', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let db: Db;
  let close: () => Promise<void>;

  beforeAll(async () => {
    scratch = await scratchDatabase();
    // Enough connections for real contention: 200 transactions queue on a pool of 20.
    const handle = createDb({ DATABASE_URL: scratch.url, DB_POOL_MAX: 20 });
    db = handle.db;
    close = handle.close;
  });
  afterAll(async () => {
    await close?.();
    await scratch?.drop();
  });

  const newOwner = (): Owner => ({ userId: randomUUID() });
  const summary = (owner: Owner) => db.transaction((tx) => creditSummary(tx, owner));
  const tryReserve = (owner: Owner, key: string, operation: 'samples' | 'final_high' = 'samples') =>
    db.transaction((tx) => reserve(tx, owner, { operation, idempotencyKey: key }));
  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (err: unknown) => (err instanceof AppError ? err.code : String(err)),
    );
  async function buy(owner: Owner, credits: number) {
    await db.transaction(async (tx) => {
      const account = await lockAccount(tx, owner);
      await post(tx, account, {
        kind: 'purchase',
        idempotencyKey: `buy:${randomUUID()}`,
        purchased: credits,
      });
    });
  }

  it('grants Free its 100 monthly credits once, on first use', async () => {
    const owner = newOwner();
    const first = await summary(owner);
    const again = await summary(owner);
    expect(first.available).toBe(100);
    expect(first.monthly).toBe(100);
    expect(again.available).toBe(100);
    const grants = await db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.accountId, first.accountId), eq(ledgerEntries.kind, 'grant')));
    expect(grants).toHaveLength(1);
  });

  it('200 concurrent reservations of 1 credit against 100: exactly 100 succeed, the balance ends at 0', async () => {
    const owner = newOwner();
    await summary(owner);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => code(tryReserve(owner, `gen-${i}`))),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(100);
    expect(results.filter((r) => r === 'insufficient_credits')).toHaveLength(100);
    const after = await summary(owner);
    expect(after.available).toBe(0);
    expect(after.reserved).toBe(100);
    // Never negative at any point: every entry's running balance, and the cache equals the entries.
    const [low] = await db
      .select({ min: sql<number>`min(${ledgerEntries.balanceAfter})::int` })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.accountId, after.accountId));
    expect(low!.min).toBe(0);
    expect(await unreconciled(db)).toEqual([]);
  });

  it('the same idempotency key reserves once, concurrently too', async () => {
    const owner = newOwner();
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => tryReserve(owner, 'same-key')));
    expect(new Set([a!.id, b!.id, c!.id]).size).toBe(1);
    expect((await summary(owner)).available).toBe(99);
  });

  it('refuses with 402 insufficient_credits, saying what would fix it, and writes nothing', async () => {
    const owner = newOwner();
    await buy(owner, 0);
    await db.transaction(async (tx) => {
      const account = await lockAccount(tx, owner);
      await post(tx, account, { kind: 'adjustment', idempotencyKey: 'x', grant: 0 });
    });
    const s = await summary(owner);
    for (let i = 0; i < 50; i++) await tryReserve(owner, `h-${i}`, 'final_high');
    const err = await tryReserve(owner, 'one-more', 'final_high').catch((e: AppError) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(402);
    expect((err as AppError).details).toMatchObject({
      needed: 2,
      available: 0,
      fix: ['buy_credits', 'upgrade'],
    });
    const entries = await db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, s.accountId));
    expect(entries.filter((e) => e.kind === 'reserve')).toHaveLength(50);
  });

  it('spends the month credits first and bought credits last', async () => {
    const owner = newOwner();
    await buy(owner, 10);
    for (let i = 0; i < 99; i++) await tryReserve(owner, `s-${i}`);
    const split = await tryReserve(owner, 'split', 'final_high');
    expect(split).toMatchObject({ amount: 2, fromGrant: 1, fromPurchased: 1 });
    const s = await summary(owner);
    expect(s).toMatchObject({ monthly: 0, purchased: 9, reserved: 101 });
  });

  it('capture and release are one-way: double capture, capture after release, release after capture are refused', async () => {
    const owner = newOwner();
    const a = await tryReserve(owner, 'a');
    const b = await tryReserve(owner, 'b');
    await db.transaction((tx) => capture(tx, a.id));
    expect(await code(db.transaction((tx) => capture(tx, a.id)))).toBe('invalid_state');
    expect(await code(db.transaction((tx) => release(tx, a.id, 'late')))).toBe('invalid_state');
    await db.transaction((tx) => release(tx, b.id, 'provider failed'));
    expect(await code(db.transaction((tx) => capture(tx, b.id)))).toBe('invalid_state');
    expect(await code(db.transaction((tx) => release(tx, b.id, 'again')))).toBe('invalid_state');
    const s = await summary(owner);
    // 100 − 1 spent; b's credit came back.
    expect(s).toMatchObject({ available: 99, reserved: 0 });
    expect(await unreconciled(db)).toEqual([]);
  });

  it('a reservation nobody reports back on is released by the sweep; capturing it afterwards is refused', async () => {
    const owner = newOwner();
    const r = await db.transaction((tx) =>
      reserve(tx, owner, { operation: 'final_high', idempotencyKey: 'slow', ttlMs: 60_000 }),
    );
    expect(await releaseExpired(db, new Date(Date.now() + 30_000))).toBe(0);
    expect(await releaseExpired(db, new Date(Date.now() + 61_000))).toBeGreaterThanOrEqual(1);
    expect((await summary(owner)).available).toBe(100);
    const err = await db.transaction((tx) => capture(tx, r.id)).catch((e: AppError) => e);
    expect((err as AppError).details).toMatchObject({ state: 'released' });
  });

  it('month credits expire at the period end (an expiry entry) and the next month is granted', async () => {
    const owner = newOwner();
    await tryReserve(owner, 'x');
    const nextMonth = new Date(Date.now() + 32 * DAY);
    const s = await db.transaction((tx) => creditSummary(tx, owner, nextMonth));
    expect(s.available).toBe(100);
    const kinds = (await db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, s.accountId)))
      .map((e) => `${e.kind}:${e.grantDelta}`)
      .sort();
    expect(kinds).toEqual(['expiry:-99', 'grant:100', 'grant:100', 'reserve:-1'].sort());
  });

  it('Pro: sample batches are free up to the fair-use allowance, then cost a credit; standard finals free', async () => {
    const owner = newOwner();
    await db.insert(subscriptions).values({
      ownerUserId: (owner as { userId: string }).userId,
      plan: 'pro',
      status: 'active',
      provider: 'manual',
      currentPeriodStart: new Date(Date.now() - DAY),
      currentPeriodEnd: new Date(Date.now() + 29 * DAY),
    });
    const s = await summary(owner);
    expect(s).toMatchObject({ monthly: 200, usage: { freeSampleBatches: 2000, sampleBatches: 0 } });
    expect((await tryReserve(owner, 'p1')).amount).toBe(0);
    const std = await db.transaction((tx) =>
      reserve(tx, owner, { operation: 'final_standard', idempotencyKey: 'f' }),
    );
    expect(std.amount).toBe(0);
    await db.update(usageCounters).set({ count: 2000 }).where(eq(usageCounters.accountId, s.accountId));
    expect((await tryReserve(owner, 'p2')).amount).toBe(1);
    expect((await summary(owner)).usage.sampleBatches).toBe(2001);
  });

  it('a clawback beyond the balance flags the account (402 negative_balance) until it is settled', async () => {
    const owner = newOwner();
    await summary(owner);
    await buy(owner, 50);
    await db.transaction(async (tx) => {
      const account = await lockAccount(tx, owner);
      await clawBack(tx, account, { kind: 'chargeback', idempotencyKey: 'dp_1', amount: 200 });
    });
    const s = await summary(owner);
    expect(s).toMatchObject({ available: 0, monthly: 0, purchased: -50, flagged: true });
    expect(await code(tryReserve(owner, 'blocked'))).toBe('negative_balance');
    await buy(owner, 100);
    expect(await code(tryReserve(owner, 'unblocked'))).toBe('ok');
  });

  it('the ledger is append-only: updating or deleting an entry is refused by the database', async () => {
    const owner = newOwner();
    const { accountId } = await summary(owner);
    const refusal = (p: PromiseLike<unknown>) =>
      Promise.resolve(p).then(
        () => 'accepted',
        (err: Error & { cause?: Error }) => err.cause?.message ?? err.message,
      );
    expect(
      await refusal(
        db.update(ledgerEntries).set({ grantDelta: 1_000 }).where(eq(ledgerEntries.accountId, accountId)),
      ),
    ).toMatch(/append-only \(UPDATE refused\)/);
    expect(await refusal(db.delete(ledgerEntries).where(eq(ledgerEntries.accountId, accountId)))).toMatch(
      /append-only \(DELETE refused\)/,
    );
    const [account] = await db.select().from(creditAccounts).where(eq(creditAccounts.id, accountId));
    expect(account!.grant).toBe(100);
  });
});
