import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as PRODUCT.md sets it: 6 digits, 30-second steps, SHA-1 (what authenticator apps expect). */
const totp = (secret: Secret, label = '') =>
  new TOTP({ issuer: 'Atelier', label, algorithm: 'SHA1', digits: 6, period: 30, secret });

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function otpauthUri(secretBase32: string, account: string): string {
  return totp(Secret.fromBase32(secretBase32), account).toString();
}

/**
 * The time step a code belongs to (±1 step for clock drift), or null. Callers remember the last
 * accepted step per user so a code cannot be replayed within its window.
 */
export function totpStep(secretBase32: string, code: string, now = Date.now()): number | null {
  if (!/^[0-9]{6}$/.test(code)) return null;
  const delta = totp(Secret.fromBase32(secretBase32)).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 30_000) + delta;
}

export function totpCode(secretBase32: string, now = Date.now()): string {
  return totp(Secret.fromBase32(secretBase32)).generate({ timestamp: now });
}

/** Ten one-time recovery codes like `k3v9-x2pq-7m4d`, shown once and stored hashed. */
export function newRecoveryCodes(count = 10): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}
export const normaliseRecoveryCode = (code: string) =>
  code
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/**
 * TOTP secrets must be readable to check codes, so they are encrypted at rest (AES-256-GCM) with a
 * key derived from the `mfa-key` secret; a database dump alone does not give them away.
 */
export function secretBox(keyMaterial: string) {
  const key = createHash('sha256').update(keyMaterial).digest();
  return {
    seal(plain: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.');
    },
    open(sealed: string): string {
      const [iv, tag, data] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
      const decipher = createDecipheriv('aes-256-gcm', key, iv!);
      decipher.setAuthTag(tag!);
      return Buffer.concat([decipher.update(data!), decipher.final()]).toString('utf8');
    },
  };
}
export type SecretBox = ReturnType<typeof secretBox>;
