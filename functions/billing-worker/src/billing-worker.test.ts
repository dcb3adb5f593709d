import { reserve } from '@atelier/shared/billing/credits';
import {
  creditAccounts,
  customers,
  eventLog,
  invoices,
  ledgerEntries,
  providerEvents,
  reservations,
  subscriptions,
} from '@atelier/shared/db/schema';
import { AppError } from '@atelier/shared/errors';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type TestPlatform } from '../../../runner/src/test-support/platform';
import { type StripeFake, startStripeFake } from '../../../runner/src/test-support/stripe-fake';
import {
  mailTo,
  newUser,
  request,
  startIdentityPlatform,
  TEST_PASSWORD,
  type TestUser,
} from '../../../runner/src/test-support/users';

const DAY = 86_400_000;

describe('billing-worker: dunning, the sweep and erasure', () => {
  let p: TestPlatform;
  let stripe: StripeFake;
  beforeAll(async () => {
    stripe = await startStripeFake();
    p = await startIdentityPlatform({ ...stripe.env, DUNNING_GRACE_DAYS: '14' });
  });
  afterAll(async () => {
    await p?.stop();
    await stripe?.close();
  });

  const processed = (eventId: string) =>
    eventually(async () => {
      const [row] = await p.db.db.select().from(providerEvents).where(eq(providerEvents.eventId, eventId));
      return row?.processedAt ? row : undefined;
    });
  const deliver = async (event: Record<string, unknown>) => {
    expect((await stripe.deliver(p.url, event)).status).toBe(200);
    return processed(event.id as string);
  };
  const subOf = async (user: TestUser) =>
    (await p.db.db.select().from(subscriptions).where(eq(subscriptions.ownerUserId, user.userId)))[0]!;
  const reserveFor = (user: TestUser, key: string) =>
    p.db.db
      .transaction((tx) =>
        reserve(tx, { userId: user.userId }, { operation: 'final_high', idempotencyKey: key }),
      )
      .then(
        () => 'ok',
        (err: unknown) => (err instanceof AppError ? err.code : String(err)),
      );
  /** Moves the subscription's failure into the past, then runs the sweep as the schedule would. */
  async function daysLater(user: TestUser, days: number) {
    await p.db.db
      .update(subscriptions)
      .set({ pastDueSince: new Date(Date.now() - days * DAY) })
      .where(eq(subscriptions.ownerUserId, user.userId));
    expect(await p.runner.cron.fire('billing-worker')).toBe(202);
  }

  async function proSubscriber() {
    const user = await newUser(p);
    const res = await request(p, user, 'POST', '/v1/billing/checkout', { kind: 'plan', plan: 'pro' });
    const events = await stripe.completeCheckout(p.url, (res.body.url as string).split('/').pop()!);
    for (const e of events) await processed(e.id as string);
    return { user, ref: (await subOf(user)).providerRef! };
  }

  it('a failed renewal starts dunning: reminders on schedule, suspension after the grace, restored on payment', async () => {
    const { user, ref } = await proSubscriber();
    expect((await deliver(stripe.invoicePaymentFailed(ref))).outcome).toBe('past_due, dunning started');
    expect(await subOf(user)).toMatchObject({ status: 'past_due', remindersSent: 1, suspendedAt: null });
    const billing = await request(p, user, 'GET', '/v1/billing');
    expect(billing.body.subscription).toMatchObject({ status: 'past_due', suspended: false });
    expect(billing.body.plan).toBe('pro');
    const mails = async () =>
      (await mailTo(p, user.email)).filter((m) => m.subject.startsWith('Atelier: your payment'));
    expect(await mails()).toHaveLength(1);
    // Still within the grace: paid work goes on.
    expect(await reserveFor(user, 'during-grace')).toBe('ok');

    await daysLater(user, 3.5);
    await eventually(async () => (await subOf(user)).remindersSent === 2);
    await daysLater(user, 4);
    expect((await subOf(user)).remindersSent).toBe(2);
    await daysLater(user, 7.5);
    await eventually(async () => (await subOf(user)).remindersSent === 3);
    expect(await mails()).toHaveLength(3);

    await daysLater(user, 14.5);
    await eventually(async () => (await subOf(user)).suspendedAt !== null);
    expect(await reserveFor(user, 'suspended')).toBe('payment_past_due');
    const paused = await eventually(async () =>
      (await mailTo(p, user.email)).find((m) => m.subject === 'Atelier: paid work is paused'),
    );
    expect(paused.text).toContain('/billing');
    // Each reminder and the suspension notice went out as events for the notifications context.
    const subscriptionId = (await subOf(user)).id;
    const reminders = await eventually(async () => {
      const rows = await p.db.db
        .select()
        .from(eventLog)
        .where(eq(eventLog.type, 'dev.atelier.billing.payment.reminder.v1'));
      const ours = rows.filter(
        (r) => (r.data as { subscriptionId: string }).subscriptionId === subscriptionId,
      );
      return ours.length === 4 ? ours : undefined;
    });
    expect(reminders.map((r) => (r.data as { suspended: boolean }).suspended).sort()).toEqual([
      false,
      false,
      false,
      true,
    ]);

    await deliver(stripe.invoicePaid(ref, { periodStart: Math.floor(Date.now() / 1000) }));
    expect(await subOf(user)).toMatchObject({
      status: 'active',
      pastDueSince: null,
      suspendedAt: null,
      remindersSent: 0,
    });
    expect(await reserveFor(user, 'restored')).toBe('ok');
  });

  it('the sweep releases reservations nobody reported back on, and expires ended month credits', async () => {
    const user = await newUser(p);
    const owner = { userId: user.userId };
    const held = await p.db.db.transaction((tx) =>
      reserve(tx, owner, { operation: 'final_high', idempotencyKey: 'stuck', ttlMs: 1 }),
    );
    await p.db.db
      .update(creditAccounts)
      .set({ grantPeriodEnd: new Date(Date.now() - 1000) })
      .where(eq(creditAccounts.ownerUserId, user.userId));
    expect(await p.runner.cron.fire('billing-worker')).toBe(202);
    const [r] = await p.db.db.select().from(reservations).where(eq(reservations.id, held.id));
    expect(r).toMatchObject({ state: 'released', releaseReason: 'timeout' });
    const kinds = (
      await p.db.db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, held.accountId))
    ).map((e) => `${e.kind}:${e.grantDelta + e.purchasedDelta}`);
    // The release came back to month credits whose period had ended: they expired with the rest.
    expect(kinds).toEqual(['grant:100', 'reserve:-2', 'release:2', 'expiry:-2', 'expiry:-98']);
  });

  it('erasure keeps the financial records but anonymises them, and deletes the Stripe customer', async () => {
    const { user } = await proSubscriber();
    const [customer] = await p.db.db.select().from(customers).where(eq(customers.ownerUserId, user.userId));
    const { accountId } = (await request(p, user, 'GET', '/v1/billing')).body.credits as {
      accountId: string;
    };
    expect((await request(p, user, 'DELETE', '/v1/me', { password: TEST_PASSWORD })).status).toBe(204);
    await eventually(async () => {
      const [a] = await p.db.db.select().from(creditAccounts).where(eq(creditAccounts.id, accountId));
      return a?.anonymisedAt ? a : undefined;
    });
    const [account] = await p.db.db.select().from(creditAccounts).where(eq(creditAccounts.id, accountId));
    expect(account).toMatchObject({ ownerUserId: null });
    const kept = await p.db.db.select().from(invoices).where(eq(invoices.accountId, accountId));
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ customerEmail: null, customerName: null, totalCents: 1_900 });
    expect(
      await p.db.db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, accountId)),
    ).not.toHaveLength(0);
    const [gone] = await p.db.db
      .select()
      .from(customers)
      .where(
        and(eq(customers.provider, 'stripe'), eq(customers.providerCustomerId, customer!.providerCustomerId)),
      );
    expect(gone).toMatchObject({ ownerUserId: null, email: null });
    expect(stripe.customers.has(customer!.providerCustomerId)).toBe(false);
    expect((await subOf(user)).status).toBe('cancelled');
  });
});
