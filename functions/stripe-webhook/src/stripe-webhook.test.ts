import { ledgerEntries, providerEvents, subscriptions } from '@atelier/shared/db/schema';
import { and, eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type TestPlatform } from '../../../runner/src/test-support/platform';
import { type StripeFake, startStripeFake } from '../../../runner/src/test-support/stripe-fake';
import {
  newUser,
  request,
  startIdentityPlatform,
  type TestUser,
} from '../../../runner/src/test-support/users';

describe('stripe-webhook', () => {
  let p: TestPlatform;
  let stripe: StripeFake;
  beforeAll(async () => {
    stripe = await startStripeFake();
    p = await startIdentityPlatform(stripe.env);
  });
  afterAll(async () => {
    await p?.stop();
    await stripe?.close();
  });

  const billingOf = async (user: TestUser) => (await request(p, user, 'GET', '/v1/billing')).body;
  const credits = async (user: TestUser) => (await billingOf(user)).credits as Record<string, number>;
  const sessionIdOf = (url: string) => url.split('/').pop()!;
  const processed = (eventId: string) =>
    eventually(async () => {
      const [row] = await p.db.db.select().from(providerEvents).where(eq(providerEvents.eventId, eventId));
      return row?.processedAt ? row : undefined;
    });

  async function packCheckout(user: TestUser, pack = 'credits_500') {
    const res = await request(p, user, 'POST', '/v1/billing/checkout', { kind: 'pack', pack });
    expect(res.status).toBe(201);
    return sessionIdOf(res.body.url as string);
  }

  it('accepts a correctly signed event and credits the pack once it is processed', async () => {
    const user = await newUser(p);
    expect((await credits(user)).available).toBe(100);
    const [completed] = stripe.checkoutEvents(await packCheckout(user));
    const res = await stripe.deliver(p.url, completed!);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, duplicate: false });
    const row = await processed(completed!.id as string);
    expect(row.outcome).toBe('pack: completed');
    expect(await credits(user)).toMatchObject({ available: 600, purchased: 500 });
  });

  it('refuses a bad signature, a stale timestamp, a missing header and a re-serialised body with 400', async () => {
    const user = await newUser(p);
    const [completed] = stripe.checkoutEvents(await packCheckout(user));
    const wrongSecret = await stripe.deliver(p.url, completed!, { secret: 'whsec_not_ours' });
    expect(wrongSecret.status).toBe(400);
    expect(((await wrongSecret.json()) as { error: { code: string } }).error.code).toBe('invalid_signature');
    const stale = await stripe.deliver(p.url, completed!, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(400);
    const missing = await fetch(`${p.url}/v1/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(completed),
    });
    expect(missing.status).toBe(400);
    // Signed over one serialisation, sent with another: the raw body is what counts.
    const payload = JSON.stringify(completed);
    const header = new Stripe(stripe.secretKey).webhooks.generateTestHeaderString({
      payload,
      secret: stripe.webhookSecret,
    });
    const reserialised = await fetch(`${p.url}/v1/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': header },
      body: JSON.stringify(completed, null, 2),
    });
    expect(reserialised.status).toBe(400);
    const stored = await p.db.db
      .select()
      .from(providerEvents)
      .where(eq(providerEvents.eventId, completed!.id as string));
    expect(stored).toHaveLength(0);
    expect((await credits(user)).available).toBe(100);
  });

  it('answers 200 to an event type it does not handle, and ignores it', async () => {
    const ev = stripe.event('customer.created', { id: 'cus_x', object: 'customer' });
    const res = await stripe.deliver(p.url, ev);
    expect(res.status).toBe(200);
    expect((await processed(ev.id as string)).outcome).toBe('ignored customer.created');
  });

  it('a replay does nothing, and 50 concurrent deliveries of one event grant once', async () => {
    const user = await newUser(p);
    const [completed] = stripe.checkoutEvents(await packCheckout(user, 'credits_100'));
    const answers = await Promise.all(Array.from({ length: 50 }, () => stripe.deliver(p.url, completed!)));
    expect(answers.every((r) => r.status === 200)).toBe(true);
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as Array<{ duplicate: boolean }>;
    expect(bodies.filter((b) => !b.duplicate)).toHaveLength(1);
    await processed(completed!.id as string);
    const replay = await stripe.deliver(p.url, completed!);
    expect(await replay.json()).toEqual({ received: true, duplicate: true });
    // Stripe also sends two distinct events for one change now and then: the order completes once.
    const twin = { ...completed!, id: `${completed!.id as string}_twin` };
    await stripe.deliver(p.url, twin);
    expect((await processed(twin.id)).outcome).toBe('pack: already');
    expect(await credits(user)).toMatchObject({ available: 200, purchased: 100 });
    const account = (await billingOf(user)).credits as { accountId: string };
    const purchases = await p.db.db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.accountId, account.accountId), eq(ledgerEntries.kind, 'purchase')));
    expect(purchases).toHaveLength(1);
  });

  it('invoice.paid arriving before checkout.session.completed ends in the same state', async () => {
    const user = await newUser(p);
    const res = await request(p, user, 'POST', '/v1/billing/checkout', { kind: 'plan', plan: 'pro' });
    expect(res.status).toBe(201);
    const [created, completed, paid] = stripe.checkoutEvents(sessionIdOf(res.body.url as string));
    for (const ev of [paid!, completed!, created!])
      expect((await stripe.deliver(p.url, ev)).status).toBe(200);
    for (const ev of [paid!, completed!, created!]) await processed(ev.id as string);
    const billing = await billingOf(user);
    expect(billing.plan).toBe('pro');
    expect(billing.subscription).toMatchObject({ status: 'active', plan: 'pro', cancelAtPeriodEnd: false });
    // Pro's 200 of the period, granted once however the events came.
    expect((billing.credits as Record<string, number>).monthly).toBe(200);
    const rows = await p.db.db.select().from(subscriptions).where(eq(subscriptions.ownerUserId, user.userId));
    expect(rows).toHaveLength(1);
    const invoices = (await request(p, user, 'GET', '/v1/billing/invoices')).body.items as unknown[];
    expect(invoices).toHaveLength(1);
    // A late "updated" from before the cancellation never revives an ended subscription.
    const subId = rows[0]!.providerRef!;
    const deleted = stripe.subscriptionEvent('deleted', subId);
    await stripe.deliver(p.url, deleted);
    await processed(deleted.id as string);
    const stale = {
      ...stripe.event('customer.subscription.updated', {
        ...(deleted.data as { object: object }).object,
        status: 'active',
      }),
    };
    await stripe.deliver(p.url, stale);
    await processed(stale.id as string);
    const after = await billingOf(user);
    expect(after.plan).toBe('free');
    expect(after.subscription).toBeNull();
  });

  it('a refund and a dispute take the pack credits back, with credit notes', async () => {
    const user = await newUser(p);
    const [completed] = await stripe.completeCheckout(p.url, await packCheckout(user, 'credits_500'));
    await processed(completed!.id as string);
    const pi = (completed!.data as { object: { payment_intent: string } }).object.payment_intent;
    const refund = stripe.refund(pi, 2_000);
    await stripe.deliver(p.url, refund);
    expect((await processed(refund.id as string)).outcome).toBe('refund: taken_back');
    expect(await credits(user)).toMatchObject({ purchased: 250 });
    const dispute = stripe.dispute(pi, 5_000);
    await stripe.deliver(p.url, dispute);
    await processed(dispute.id as string);
    // 250 left of the pack, 500 taken: the rest comes off the month's credits, then below zero.
    expect(await credits(user)).toMatchObject({ purchased: -150, monthly: 0, flagged: true, available: 0 });
    const kinds = (
      (await request(p, user, 'GET', '/v1/billing/invoices')).body.items as Array<{ kind: string }>
    ).map((i) => i.kind);
    expect(kinds.sort()).toEqual(['credit_note', 'credit_note', 'invoice']);
    const ledger = (await request(p, user, 'GET', '/v1/billing/ledger')).body.items as Array<{
      kind: string;
      change: number;
    }>;
    const takenBack = ledger.filter((e) => e.kind === 'refund' || e.kind === 'chargeback');
    expect(takenBack.map((e) => [e.kind, e.change])).toEqual([
      ['chargeback', -500],
      ['refund', -250],
    ]);
  });
});
