import { randomUUID } from 'node:crypto';
import { creditAccounts, invoices, ledgerEntries, orders } from '@atelier/shared/db/schema';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PaypalFake, startPaypalFake } from '../../../runner/src/test-support/paypal-fake';
import type { TestPlatform } from '../../../runner/src/test-support/platform';
import {
  newUser,
  request,
  startIdentityPlatform,
  type TestUser,
} from '../../../runner/src/test-support/users';

describe('PayPal credit packs against a PayPal REST server', () => {
  let p: TestPlatform;
  let paypal: PaypalFake;

  beforeAll(async () => {
    paypal = await startPaypalFake();
    p = await startIdentityPlatform({ ...paypal.env, PUBLIC_URL: 'http://atelier.test' });
  });
  afterAll(async () => {
    await p?.stop();
    await paypal?.stop();
  });

  const balanceOf = async (user: TestUser) =>
    (await p.db.db.select().from(creditAccounts).where(eq(creditAccounts.ownerUserId, user.userId)))[0];
  const ledgerOf = async (accountId: string) =>
    p.db.db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, accountId));

  async function order(user: TestUser, pack = 'credits_100') {
    const res = await request(p, user, 'POST', '/v1/billing/paypal/orders', { pack });
    expect(res.status).toBe(201);
    return res.body as { orderId: string; paypalOrderId: string; approveUrl: string };
  }
  const capture = (user: TestUser, orderId: string) =>
    request(p, user, 'POST', `/v1/billing/paypal/orders/${orderId}/capture`);

  it('creates our order and PayPal’s, and answers the approval link', async () => {
    const user = await newUser(p);
    const created = await order(user, 'credits_500');
    expect(created.approveUrl).toBe(`${paypal.url}/checkoutnow?token=${created.paypalOrderId}`);
    const [row] = await p.db.db.select().from(orders).where(eq(orders.id, created.orderId));
    expect(row).toMatchObject({
      provider: 'paypal',
      providerRef: created.paypalOrderId,
      state: 'created',
      pack: 'credits_500',
      credits: 500,
      amountCents: 4000,
      currency: 'usd',
      createdBy: user.userId,
    });
    // What PayPal was asked for: $40.00 as a decimal string, our order id as custom_id.
    expect(paypal.orders.get(created.paypalOrderId)).toMatchObject({
      customId: created.orderId,
      currency: 'USD',
      value: '40.00',
      returnUrl: `http://atelier.test/billing?paypal=return&order=${created.orderId}`,
    });
    const back = new URL(await paypal.approve(created.approveUrl));
    expect(back.searchParams.get('order')).toBe(created.orderId);
  });

  it('captures once: credits granted, a purchase in the ledger, an invoice; capturing again changes nothing', async () => {
    const user = await newUser(p);
    const created = await order(user);
    await paypal.approve(created.approveUrl);
    const first = await capture(user, created.orderId);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ state: 'completed', credits: 100 });

    const account = (await balanceOf(user))!;
    expect(account.purchased).toBe(100);
    const entries = await ledgerOf(account.id);
    expect(entries).toMatchObject([{ kind: 'purchase', purchasedDelta: 100, balanceAfter: 100 }]);
    const captureId = paypal.orders.get(created.paypalOrderId)!.captureId;
    const [invoice] = await p.db.db.select().from(invoices).where(eq(invoices.accountId, account.id));
    expect(invoice).toMatchObject({
      kind: 'invoice',
      provider: 'paypal',
      paymentRef: captureId,
      totalCents: 1000,
      customerEmail: 'pat.payer@example.test',
      customerName: 'Pat Payer',
    });

    const captures = paypal.calls.capture;
    const again = await capture(user, created.orderId);
    expect(again.body).toEqual({ state: 'completed', credits: 100 });
    expect(paypal.calls.capture).toBe(captures);
    expect((await balanceOf(user))!.purchased).toBe(100);
    expect(await ledgerOf(account.id)).toHaveLength(1);
  });

  it('two captures at once grant once (PayPal captures once, the other reads it back)', async () => {
    const user = await newUser(p);
    const created = await order(user);
    await paypal.approve(created.approveUrl);
    const both = await Promise.all([capture(user, created.orderId), capture(user, created.orderId)]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(both.map((r) => r.body.state)).toEqual(['completed', 'completed']);
    const account = (await balanceOf(user))!;
    expect(account.purchased).toBe(100);
    expect(await ledgerOf(account.id)).toHaveLength(1);
  });

  it("someone else's order, or no order, is not found", async () => {
    const owner = await newUser(p);
    const other = await newUser(p);
    const created = await order(owner);
    await paypal.approve(created.approveUrl);
    const foreign = await capture(other, created.orderId);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error?.code).toBe('not_found');
    expect((await capture(other, randomUUID())).status).toBe(404);
    expect(paypal.orders.get(created.paypalOrderId)!.status).toBe('APPROVED');
  });

  it('PayPal declining the payment is a clear error and grants nothing', async () => {
    const user = await newUser(p);
    const created = await order(user);
    const unapproved = await capture(user, created.orderId);
    expect(unapproved.status).toBe(502);
    expect(unapproved.body.error).toMatchObject({
      code: 'provider_rejected',
      details: { issue: 'ORDER_NOT_APPROVED' },
    });

    await paypal.approve(created.approveUrl);
    paypal.orders.get(created.paypalOrderId)!.decline = true;
    const declined = await capture(user, created.orderId);
    expect(declined.status).toBe(502);
    expect(declined.body.error?.code).toBe('provider_rejected');
    expect(declined.body.error?.message).toContain('INSTRUMENT_DECLINED');
    const account = (await balanceOf(user))!;
    expect(account.purchased).toBe(0);
    expect(await ledgerOf(account.id)).toHaveLength(0);
    const [row] = await p.db.db.select().from(orders).where(eq(orders.id, created.orderId));
    expect(row!.state).toBe('created');

    // The buyer picks another funding source at PayPal: capturing again goes through.
    paypal.orders.get(created.paypalOrderId)!.decline = false;
    expect((await capture(user, created.orderId)).body).toEqual({ state: 'completed', credits: 100 });
    expect((await balanceOf(user))!.purchased).toBe(100);
  });

  it('a capture PayPal made but whose answer was lost is read back and credited on retry', async () => {
    const user = await newUser(p);
    const created = await order(user);
    await paypal.approve(created.approveUrl);
    expect(paypal.capture(created.paypalOrderId).status).toBe(201);
    const retried = await capture(user, created.orderId);
    expect(retried.body).toEqual({ state: 'completed', credits: 100 });
    const account = (await balanceOf(user))!;
    expect(account.purchased).toBe(100);
    const [row] = await p.db.db.select().from(orders).where(eq(orders.id, created.orderId));
    expect(row!.paymentRef).toBe(paypal.orders.get(created.paypalOrderId)!.captureId);
  });

  it('refuses bad input with validation_failed and strangers with 401', async () => {
    const user = await newUser(p);
    for (const body of [
      { pack: 'credits_7' },
      { pack: 'credits_100', teamId: 'x' },
      { pack: 'credits_100', amount: 1 },
      {},
    ]) {
      const res = await request(p, user, 'POST', '/v1/billing/paypal/orders', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error?.code).toBe('validation_failed');
    }
    const badId = await capture(user, 'not-an-id');
    expect(badId.body.error?.code).toBe('validation_failed');
    expect(
      (await request(p, undefined, 'POST', '/v1/billing/paypal/orders', { pack: 'credits_100' })).status,
    ).toBe(401);
    const none = await p.db.db
      .select()
      .from(orders)
      .where(and(eq(orders.createdBy, user.userId), eq(orders.provider, 'paypal')));
    expect(none).toHaveLength(0);
  });
});
