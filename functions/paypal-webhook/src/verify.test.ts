import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { createLogger } from '@atelier/shared/log';
import { createRedis } from '@atelier/shared/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePaypalCerts, signDelivery } from '../../../runner/src/test-support/paypal-signer';
import { createApp } from './app';
import { allowedCertUrl, certCacheKey, fetchedCerts, pinnedCert } from './certs';
import { signedMessage, verifyTransmission } from './verify';

const certs = makePaypalCerts();
const webhookId = 'WH_TEST_123';
const body = JSON.stringify({
  id: 'WH-1',
  event_type: 'PAYMENT.CAPTURE.COMPLETED',
  resource: { id: '42311647XV020574X' },
});
const headerOf = (h: Record<string, string>) => (name: string) => h[name];

describe('the signed message', () => {
  it('ends with the unsigned CRC-32 of the raw body', () => {
    // The IEEE check value, and a body whose CRC has the top bit set (a signed int would go negative).
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(
      signedMessage(
        '69cd13f0-d67a-11e5-baa3-778b53f4ae55',
        '2026-11-01T10:00:00Z',
        webhookId,
        Buffer.from('123456789'),
      ),
    ).toBe('69cd13f0-d67a-11e5-baa3-778b53f4ae55|2026-11-01T10:00:00Z|WH_TEST_123|3421780262');
  });
});

describe('the certificate URL allowlist', () => {
  const good = 'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77';
  it("accepts PayPal's four API hosts under the certs path", () => {
    for (const host of [
      'api.paypal.com',
      'api-m.paypal.com',
      'api.sandbox.paypal.com',
      'api-m.sandbox.paypal.com',
    ])
      expect(allowedCertUrl(`https://${host}/v1/notifications/certs/CERT-1`).hostname).toBe(host);
  });
  it.each([
    ['look-alike suffix', 'https://api.paypal.com.evil.io/v1/notifications/certs/CERT-1'],
    ['look-alike name', 'https://evilpaypal.com/v1/notifications/certs/CERT-1'],
    ['sub-domain of PayPal that is not an API host', 'https://www.paypal.com/v1/notifications/certs/CERT-1'],
    ['credentials trick', 'https://api.paypal.com@evil.io/v1/notifications/certs/CERT-1'],
    ['plain http', good.replace('https:', 'http:')],
    ['another port', good.replace('.com/', '.com:8443/')],
    ['another path', 'https://api.paypal.com/v1/oauth2/token'],
    ['a local server', 'http://127.0.0.1:9/v1/notifications/certs/CERT-1'],
    ['not a URL', 'api.paypal.com/v1/notifications/certs/CERT-1'],
  ])('refuses a %s', (_, url) => {
    expect(() => allowedCertUrl(url)).toThrow(/PAYPAL-CERT-URL/);
  });
});

describe('certificates fetched from PayPal', () => {
  const redis = createRedis({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
  let served: Record<string, string> = {};
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url!);
    const pem = served[req.url!];
    res.writeHead(pem ? 200 : 404, { 'content-type': 'application/x-pem-file' }).end(pem ?? '');
  });
  let origin = '';
  // The transport stands in for DNS: PayPal's host resolves to this test server; everything else is real.
  const viaTestServer = (url: URL) => fetch(`${origin}${url.pathname}`);
  const source = () => fetchedCerts({ redis, rootsPem: certs.rootPem, fetch: viaTestServer });
  const urlFor = (name: string) =>
    `https://api.sandbox.paypal.com/v1/notifications/certs/${name}-${randomUUID()}`;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await redis.quit();
    await new Promise((resolve) => server.close(resolve));
  });

  it('fetches an allowed URL once, verifies the chain, and caches it', async () => {
    const url = urlFor('CERT');
    served = { [new URL(url).pathname]: certs.signer.certPem };
    const before = requests.length;
    const headers = signDelivery(body, { webhookId, keyPem: certs.signer.keyPem, certUrl: url });
    await verifyTransmission(headerOf(headers), Buffer.from(body), webhookId, source());
    await verifyTransmission(headerOf(headers), Buffer.from(body), webhookId, source());
    expect(requests.length - before).toBe(1);
    const ttl = await redis.ttl(certCacheKey(new URL(url)));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(24 * 3600);
  });

  it('never requests a refused URL', async () => {
    const before = requests.length;
    for (const certUrl of [
      `${origin}/v1/notifications/certs/CERT-1`,
      'https://api.paypal.com.evil.io/v1/notifications/certs/CERT-1',
      'https://evilpaypal.com/v1/notifications/certs/CERT-1',
    ]) {
      const headers = signDelivery(body, { webhookId, keyPem: certs.signer.keyPem, certUrl });
      await expect(
        verifyTransmission(headerOf(headers), Buffer.from(body), webhookId, source()),
      ).rejects.toThrow(/is not one of PayPal's certificate URLs/);
    }
    expect(requests.length).toBe(before);
  });

  it.each([
    ['from a root nobody trusts', 'untrusted', /does not chain to a trusted root/],
    ["that is not PayPal's signing certificate", 'wrongName', /is not PayPal's signing certificate/],
  ] as const)('refuses a certificate %s, fetched or cached', async (_, which, reason) => {
    const url = urlFor(which);
    served = { [new URL(url).pathname]: certs[which].certPem };
    const headers = signDelivery(body, { webhookId, keyPem: certs[which].keyPem, certUrl: url });
    await expect(
      verifyTransmission(headerOf(headers), Buffer.from(body), webhookId, source()),
    ).rejects.toThrow(reason);
    // A poisoned cache entry is checked the same way.
    await redis.set(certCacheKey(new URL(url)), certs[which].certPem, 'EX', 60);
    await expect(
      verifyTransmission(headerOf(headers), Buffer.from(body), webhookId, source()),
    ).rejects.toThrow(reason);
    await redis.del(certCacheKey(new URL(url)));
  });
});

describe('a pinned certificate', () => {
  const pinned = pinnedCert(certs.signer.certPem);
  const url = 'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1';

  it('verifies what its key signed, and nothing else', async () => {
    const headers = signDelivery(body, { webhookId, keyPem: certs.signer.keyPem, certUrl: url });
    await verifyTransmission(headerOf(headers), Buffer.from(body), webhookId, pinned);
    const tampered = Buffer.from(body.replace('42311647', '42311648'));
    await expect(verifyTransmission(headerOf(headers), tampered, webhookId, pinned)).rejects.toThrow(
      /does not match/,
    );
    await expect(
      verifyTransmission(headerOf(headers), Buffer.from(body), 'WH_OTHER', pinned),
    ).rejects.toThrow(/does not match/);
    const other = signDelivery(body, { webhookId, keyPem: certs.untrusted.keyPem, certUrl: url });
    await expect(verifyTransmission(headerOf(other), Buffer.from(body), webhookId, pinned)).rejects.toThrow(
      /does not match/,
    );
  });

  it('refuses another algorithm and missing headers', async () => {
    const sha1 = signDelivery(body, {
      webhookId,
      keyPem: certs.signer.keyPem,
      certUrl: url,
      algo: 'SHA1withRSA',
    });
    await expect(verifyTransmission(headerOf(sha1), Buffer.from(body), webhookId, pinned)).rejects.toThrow(
      /PAYPAL-AUTH-ALGO SHA1withRSA is not SHA256withRSA/,
    );
    const { 'paypal-transmission-sig': _, ...unsigned } = signDelivery(body, {
      webhookId,
      keyPem: certs.signer.keyPem,
      certUrl: url,
    });
    await expect(
      verifyTransmission(headerOf(unsigned), Buffer.from(body), webhookId, pinned),
    ).rejects.toThrow(/PAYPAL-TRANSMISSION-SIG header missing/);
  });
});

describe('the endpoint without PAYPAL_WEBHOOK_ID', () => {
  it('answers 503 payments_not_configured', async () => {
    const app = createApp({
      version: 'test',
      log: createLogger({ name: 'paypal-webhook', level: 'silent' }),
      // Nothing is stored or emitted before the configuration check.
      db: undefined as never,
      outbox: undefined as never,
      checks: [],
      webhookId: undefined,
      certs: pinnedCert(certs.signer.certPem),
    });
    const res = await app.request('/v1/webhooks/paypal', { method: 'POST', body });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payments_not_configured');
  });
});
