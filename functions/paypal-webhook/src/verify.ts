import { verify } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { AppError } from '@atelier/shared/errors';
import type { CertSource } from './certs';

/**
 * PayPal's webhook signature, checked here rather than by PayPal's verify-webhook-signature postback
 * (PayPal's preferred way: no extra call, no token). PayPal signs
 * `transmissionId|transmissionTime|webhookId|crc32(rawBody)` with SHA256withRSA; the certificate comes
 * from config or from PayPal's own hosts (certs.ts).
 */
export class InvalidSignature extends AppError {
  constructor(reason: string) {
    super('invalid_signature', 400, `PayPal signature refused: ${reason}`);
  }
}

/** The only algorithm accepted: PAYPAL-AUTH-ALGO cannot talk us into another. */
export const AUTH_ALGO = 'SHA256withRSA';

/** The string PayPal signs; CRC-32 (IEEE, as zlib) of the raw body bytes as an unsigned decimal. */
export const signedMessage = (transmissionId: string, time: string, webhookId: string, rawBody: Uint8Array) =>
  `${transmissionId}|${time}|${webhookId}|${crc32(rawBody)}`;

export type HeaderGetter = (name: string) => string | undefined;

/** Throws InvalidSignature (400) unless the delivery was signed by PayPal for `webhookId`. */
export async function verifyTransmission(
  header: HeaderGetter,
  rawBody: Uint8Array,
  webhookId: string,
  certs: CertSource,
): Promise<void> {
  const required = (name: string) => {
    const value = header(name);
    if (!value) throw new InvalidSignature(`${name.toUpperCase()} header missing`);
    return value;
  };
  const transmissionId = required('paypal-transmission-id');
  const time = required('paypal-transmission-time');
  const signature = required('paypal-transmission-sig');
  const algo = required('paypal-auth-algo');
  if (algo !== AUTH_ALGO) throw new InvalidSignature(`PAYPAL-AUTH-ALGO ${algo} is not ${AUTH_ALGO}`);
  const key = await certs.publicKey(header('paypal-cert-url'));
  if (key.asymmetricKeyType !== 'rsa') throw new InvalidSignature('the certificate does not hold an RSA key');
  const message = Buffer.from(signedMessage(transmissionId, time, webhookId, rawBody));
  if (!verify('sha256', message, key, Buffer.from(signature, 'base64')))
    throw new InvalidSignature('the signature does not match this body and webhook id');
}
