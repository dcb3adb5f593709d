import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { creditAccounts, invoices, ledgerEntries, orders, providerEvents } from '@atelier/shared/db/schema';
import { createRedis } from '@atelier/shared/redis';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PaypalFake, startPaypalFake } from '../../../runner/src/test-support/paypal-fake';
import {
  makePaypalCerts,
  paypalEvent,
  refundResource,
  signDelivery,
} from '../../../runner/src/test-support/paypal-signer';
import { eventually, type TestPlatform } from '../../../runner/src/test-support/platform';
import {
  type Json,
  newUser,
  request,
  startIdentityPlatform,
  type TestUser,
} from '../../../runner/src/test-support/users';
import { certCacheKey } from './certs';

const certs = makePaypalCerts();
const webhookId = '1JE4291016473214C';
const certUrl = 'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77';

async function deliver(p: TestPlatform, body: string, headers: Record<string, string>) {
  const res = await fetch(`${p.url}/v1/webhooks/paypal`, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as Json };
}
const signed = (event: unknown, keyPem = certs.signer.keyPem, url = certUrl) => {
  const body = JSON.stringify(event);
  return { body, headers: signDelivery(body, { webhookId, keyPem, certUrl: url }) };
};
const storedEvent = (p: TestPlatform, id: string) =>
  p.db.db
    .select()
    .from(providerEvents)
    .where(and(eq(providerEvents.provider, 'paypal'), eq(providerEvents.eventId, id)));
/** The outcome billing-worker recorded on the stored event, once it has processed it. */
const outcomeOf = (p: TestPlatform, id: string) =>
  eventually(async () => (await storedEvent(p, id))[0]?.outcome ?? undefined);

describe('PayPal webhooks with a pinned certificate, end to end', () => {
  let p: TestPlatform;
  let paypal: PaypalFake;

  beforeAll(async () => {
    paypal = await startPaypalFake();
    p = await startIdentityPlatform({
      ...paypal.env,
      PAYPAL_WEBHOOK_ID: webhookId,
      PAYPAL_CERT_PEM: certs.signer.certPem,
    });
  });
  afterAll(async () => {
    await p?.stop();
    await paypal?.stop();
  });

  const accountOf = async (user: TestUser) =>
    (await p.db.db.select().from(creditAccounts).where(eq(creditAccounts.ownerUserId, user.userId)))[0]!;

  /** A pack bought through the API and approved at PayPal, captured there (our own answer lost). */
  async function capturedAtPaypal(user: TestUser) {
    const created = await request(p, user, 'POST', '/v1/billing/paypal/orders', { pack: 'credits_100' });
    const { orderId, paypalOrderId, approveUrl } = created.body as Record<string, string>;
    await paypal.approve(approveUrl!);
    paypal.capture(paypalOrderId!);
    return {
      orderId: orderId!,
      paypalOrderId: paypalOrderId!,
      capture: paypal.captureResource(paypalOrderId!),
    };
  }

  it('PAYMENT.CAPTURE.COMPLETED credits the order once; a replay does nothing', async () => {
    const user = await newUser(p);
    const { orderId, capture } = await capturedAtPaypal(user);
    const event = paypalEvent('PAYMENT.CAPTURE.COMPLETED', 'capture', capture);
    const delivery = signed(event);
    const first = await deliver(p, delivery.body, delivery.headers);
    expect(first).toEqual({ status: 200, body: { received: true, duplicate: false } });
    expect(await outcomeOf(p, event.id)).toBe('capture completed');
    const account = await accountOf(user);
    expect(account.purchased).toBe(100);
    const [invoice] = await p.db.db.select().from(invoices).where(eq(invoices.accountId, account.id));
    expect(invoice).toMatchObject({
      kind: 'invoice',
      provider: 'paypal',
      paymentRef: capture.id,
      totalCents: 1000,
    });

    // PayPal redelivers (same event id): stored once, nothing happens again.
    const replay = await deliver(p, delivery.body, delivery.headers);
    expect(replay).toEqual({ status: 200, body: { received: true, duplicate: true } });
    expect(await storedEvent(p, event.id)).toHaveLength(1);
    // The buyer's return to the billing page finds the order already completed.
    const captured = await request(p, user, 'POST', `/v1/billing/paypal/orders/${orderId}/capture`);
    expect(captured.body).toEqual({ state: 'completed', credits: 100 });
    await new Promise((r) => setTimeout(r, 300));
    expect((await accountOf(user)).purchased).toBe(100);
    expect(
      await p.db.db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, account.id)),
    ).toHaveLength(1);
  });

  it('refuses a tampered body with 400 invalid_signature and stores nothing', async () => {
    const user = await newUser(p);
    const { capture } = await capturedAtPaypal(user);
    const event = paypalEvent('PAYMENT.CAPTURE.COMPLETED', 'capture', capture);
    const delivery = signed(event);
    const tampered = delivery.body.replace(`"value":"10.00"`, `"value":"1000.00"`);
    expect(tampered).not.toBe(delivery.body);
    const res = await deliver(p, tampered, delivery.headers);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_signature' });
    expect(res.body.error?.message).toMatch(/PayPal signature refused: the signature does not match/);
    // Signed by someone else's key, or for another webhook: refused the same way.
    const forged = signed(event, certs.untrusted.keyPem);
    expect((await deliver(p, forged.body, forged.headers)).status).toBe(400);
    const sha1 = { ...delivery.headers, 'paypal-auth-algo': 'SHA1withRSA' };
    expect((await deliver(p, delivery.body, sha1)).body.error?.message).toMatch(/is not SHA256withRSA/);
    expect(await storedEvent(p, event.id)).toHaveLength(0);
    expect((await accountOf(user)).purchased).toBe(0);
  });

  it('PAYMENT.CAPTURE.REFUNDED takes the credits back once and records a credit note', async () => {
    const user = await newUser(p);
    const { orderId, paypalOrderId } = await capturedAtPaypal(user);
    await request(p, user, 'POST', `/v1/billing/paypal/orders/${orderId}/capture`);
    const captureId = paypal.orders.get(paypalOrderId)!.captureId!;
    expect((await accountOf(user)).purchased).toBe(100);

    const refund = paypalEvent(
      'PAYMENT.CAPTURE.REFUNDED',
      'refund',
      refundResource(captureId, '10.00', orderId),
    );
    const delivery = signed(refund);
    expect((await deliver(p, delivery.body, delivery.headers)).status).toBe(200);
    expect(await outcomeOf(p, refund.id)).toBe('refund taken_back');
    const account = await accountOf(user);
    expect(account.purchased).toBe(0);
    const entries = await p.db.db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, account.id));
    expect(entries.map((e) => [e.kind, e.purchasedDelta])).toEqual([
      ['purchase', 100],
      ['refund', -100],
    ]);
    const notes = await p.db.db
      .select()
      .from(invoices)
      .where(and(eq(invoices.accountId, account.id), eq(invoices.kind, 'credit_note')));
    expect(notes).toMatchObject([
      { provider: 'paypal', providerRef: refund.resource.id, paymentRef: captureId, totalCents: 1000 },
    ]);
    const [row] = await p.db.db.select().from(orders).where(eq(orders.id, orderId));
    expect(row!.state).toBe('refunded');
    // The same refund delivered again (PayPal retrying with the same event id) changes nothing.
    expect((await deliver(p, delivery.body, delivery.headers)).body.duplicate).toBe(true);
  });

  it('PAYMENT.CAPTURE.REVERSED is a chargeback; other events are stored and ignored', async () => {
    const user = await newUser(p);
    const { orderId, capture } = await capturedAtPaypal(user);
    const completed = signed(paypalEvent('PAYMENT.CAPTURE.COMPLETED', 'capture', capture));
    await deliver(p, completed.body, completed.headers);
    await eventually(async () => (await accountOf(user)).purchased === 100);

    const reversal = paypalEvent('PAYMENT.CAPTURE.REVERSED', 'refund', {
      ...refundResource(capture.id, '-10.00', orderId),
      note_to_payer: 'Payment reversed',
    });
    const delivery = signed(reversal);
    expect((await deliver(p, delivery.body, delivery.headers)).status).toBe(200);
    expect(await outcomeOf(p, reversal.id)).toBe('chargeback taken_back');
    expect((await accountOf(user)).purchased).toBe(0);

    const other = paypalEvent('CHECKOUT.ORDER.APPROVED', 'checkout-order', { id: capture.id });
    const approved = signed(other);
    expect((await deliver(p, approved.body, approved.headers)).status).toBe(200);
    expect(await outcomeOf(p, other.id)).toBe('ignored CHECKOUT.ORDER.APPROVED');
  });
});

describe('PayPal webhooks with certificates from PAYPAL-CERT-URL', () => {
  let p: TestPlatform;
  const redis = createRedis({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
  let hits = 0;
  const local = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(certs.signer.certPem);
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
    p = await startIdentityPlatform({
      PAYPAL_WEBHOOK_ID: webhookId,
      PAYPAL_TRUSTED_ROOTS_PEM: certs.rootPem,
    });
  });
  afterAll(async () => {
    await p?.stop();
    await redis.quit();
    await new Promise((resolve) => local.close(resolve));
  });

  it('accepts a certificate that chains to the trusted root (already cached from PayPal)', async () => {
    // PayPal's host is not reachable from a test; the cache holds what it served. It is verified anyway.
    const url = `${certUrl}-${Date.now()}`;
    await redis.set(certCacheKey(new URL(url)), certs.signer.certPem, 'EX', 300);
    const event = paypalEvent('PAYMENT.CAPTURE.COMPLETED', 'capture', {
      id: 'CAPTURE1',
      status: 'COMPLETED',
    });
    const ok = signed(event, certs.signer.keyPem, url);
    expect((await deliver(p, ok.body, ok.headers)).status).toBe(200);
    expect(await storedEvent(p, event.id)).toHaveLength(1);

    const otherUrl = `${certUrl}-other-${Date.now()}`;
    await redis.set(certCacheKey(new URL(otherUrl)), certs.untrusted.certPem, 'EX', 300);
    const untrusted = signed(
      paypalEvent('PAYMENT.CAPTURE.COMPLETED', 'capture', { id: 'C2' }),
      certs.untrusted.keyPem,
      otherUrl,
    );
    const refused = await deliver(p, untrusted.body, untrusted.headers);
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toMatch(/does not chain to a trusted root/);
  });

  it('refuses a certificate URL off PayPal’s hosts without fetching it', async () => {
    const port = (local.address() as AddressInfo).port;
    for (const url of [
      `http://127.0.0.1:${port}/v1/notifications/certs/CERT-1`,
      `https://localhost:${port}/v1/notifications/certs/CERT-1`,
      'https://api.paypal.com.evil.io/v1/notifications/certs/CERT-1',
      'https://evilpaypal.com/v1/notifications/certs/CERT-1',
      `https://api.paypal.com@127.0.0.1:${port}/v1/notifications/certs/CERT-1`,
    ]) {
      const delivery = signed(
        paypalEvent('PAYMENT.CAPTURE.COMPLETED', 'capture', { id: 'C3' }),
        certs.signer.keyPem,
        url,
      );
      const res = await deliver(p, delivery.body, delivery.headers);
      expect(res.status, url).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_signature' });
      expect(res.body.error?.message).toMatch(/is not one of PayPal's certificate URLs/);
    }
    expect(hits).toBe(0);
  });
});
