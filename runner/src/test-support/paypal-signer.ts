import { execFileSync } from 'node:child_process';
import { createSign, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

/**
 * PayPal's side of webhook signing, for tests: certificates made with openssl (a root CA, PayPal-style
 * signing certificates under it, and look-alikes), and deliveries signed the way PayPal signs them:
 * SHA256withRSA over `transmissionId|transmissionTime|webhookId|crc32(body)`.
 */
export interface SigningCert {
  certPem: string;
  keyPem: string;
}

export function makePaypalCerts() {
  const dir = mkdtempSync(join(tmpdir(), 'paypal-certs-'));
  const ssl = (...args: string[]) => execFileSync('/usr/bin/openssl', args, { cwd: dir, stdio: 'pipe' });
  const file = (name: string) => readFileSync(join(dir, name), 'utf8');
  const root = (name: string) => {
    ssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-days',
      '30',
      '-subj',
      `/CN=${name}`,
    );
    return file(`${name}.pem`);
  };
  const leaf = (name: string, cn: string, ca: string, days = '30'): SigningCert => {
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/O=PayPal, Inc./CN=${cn}`,
    );
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${ca}.pem`,
      '-CAkey',
      `${ca}.key`,
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      days,
    );
    return { certPem: file(`${name}.pem`), keyPem: file(`${name}.key`) };
  };
  try {
    const rootPem = root('Test Root');
    const otherRootPem = root('Other Root');
    return {
      /** The root the platform trusts (PAYPAL_TRUSTED_ROOTS_PEM). */
      rootPem,
      otherRootPem,
      /** PayPal's signing certificate, issued by the trusted root. */
      signer: leaf('signer', 'messageverificationcerts.sandbox.paypal.com', 'Test Root'),
      /** The right name, from a root nobody trusts. */
      untrusted: leaf('untrusted', 'messageverificationcerts.sandbox.paypal.com', 'Other Root'),
      /** Trusted root, but not PayPal's signing certificate. */
      wrongName: leaf('wrong-name', 'messageverificationcerts.paypal.com.evil.io', 'Test Root'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The headers PayPal sends with `body`, signed with `signer`'s key for `webhookId`. */
export function signDelivery(
  body: string,
  opts: { webhookId: string; keyPem: string; certUrl: string; algo?: string; time?: string },
): Record<string, string> {
  const transmissionId = randomUUID();
  const time = opts.time ?? new Date().toISOString();
  const message = `${transmissionId}|${time}|${opts.webhookId}|${crc32(Buffer.from(body))}`;
  return {
    'content-type': 'application/json',
    'paypal-transmission-id': transmissionId,
    'paypal-transmission-time': time,
    'paypal-transmission-sig': createSign('SHA256').update(message).sign(opts.keyPem, 'base64'),
    'paypal-cert-url': opts.certUrl,
    'paypal-auth-algo': opts.algo ?? 'SHA256withRSA',
  };
}

/** A PayPal webhook event envelope (v1 notifications) around a v2 payments resource. */
export function paypalEvent(eventType: string, resourceType: string, resource: Record<string, unknown>) {
  const id = `WH-${randomUUID().replaceAll('-', '').slice(0, 17).toUpperCase()}-${randomUUID().replaceAll('-', '').slice(0, 17).toUpperCase()}`;
  return {
    id,
    event_version: '1.0',
    create_time: new Date().toISOString(),
    resource_type: resourceType,
    resource_version: '2.0',
    event_type: eventType,
    summary: `${eventType} for ${resource.id}`,
    resource,
    links: [
      {
        href: `https://api.sandbox.paypal.com/v1/notifications/webhooks-events/${id}`,
        rel: 'self',
        method: 'GET',
      },
      {
        href: `https://api.sandbox.paypal.com/v1/notifications/webhooks-events/${id}/resend`,
        rel: 'resend',
        method: 'POST',
      },
    ],
  };
}

/** PAYMENT.CAPTURE.REFUNDED's resource: the refund, whose `up` link is the capture. */
export function refundResource(captureId: string, value: string, customId: string) {
  const id = randomUUID().replaceAll('-', '').slice(0, 17).toUpperCase();
  return {
    id,
    amount: { currency_code: 'USD', value },
    seller_payable_breakdown: {
      gross_amount: { currency_code: 'USD', value },
      paypal_fee: { currency_code: 'USD', value: '0.00' },
      net_amount: { currency_code: 'USD', value },
      total_refunded_amount: { currency_code: 'USD', value },
    },
    custom_id: customId,
    status: 'COMPLETED',
    create_time: new Date().toISOString(),
    update_time: new Date().toISOString(),
    links: [
      { href: `https://api.sandbox.paypal.com/v2/payments/refunds/${id}`, rel: 'self', method: 'GET' },
      { href: `https://api.sandbox.paypal.com/v2/payments/captures/${captureId}`, rel: 'up', method: 'GET' },
    ],
  };
}
