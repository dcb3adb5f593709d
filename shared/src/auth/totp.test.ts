import { describe, expect, it } from 'vitest';
import {
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  otpauthUri,
  secretBox,
  totpCode,
  totpStep,
} from './totp';

describe('TOTP', () => {
  const secret = newTotpSecret();

  it('accepts the current code and its neighbours, and names the step', () => {
    const now = Date.UTC(2026, 10, 23, 12, 0, 15);
    const step = Math.floor(now / 30_000);
    expect(totpStep(secret, totpCode(secret, now), now)).toBe(step);
    expect(totpStep(secret, totpCode(secret, now - 30_000), now)).toBe(step - 1);
    expect(totpStep(secret, totpCode(secret, now - 120_000), now)).toBeNull();
    expect(totpStep(secret, '12345', now)).toBeNull();
    expect(totpStep(secret, 'abcdef', now)).toBeNull();
  });

  it('makes an otpauth URI authenticator apps read', () => {
    expect(otpauthUri(secret, 'ada@example.test')).toMatch(
      new RegExp(
        `^otpauth://totp/Atelier:ada%40example\\.test\\?issuer=Atelier&secret=${secret}&algorithm=SHA1&digits=6&period=30$`,
      ),
    );
  });

  it('makes ten distinct recovery codes', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(normaliseRecoveryCode(' K3V9-X2PQ-7M4D ')).toBe('k3v9x2pq7m4d');
  });

  it('seals secrets so only the key opens them, and detects tampering', () => {
    const box = secretBox('key-one');
    const sealed = box.seal(secret);
    expect(sealed).not.toContain(secret);
    expect(box.open(sealed)).toBe(secret);
    expect(() => secretBox('key-two').open(sealed)).toThrow();
    const [iv, tag, data] = sealed.split('.');
    expect(() => box.open(`${iv}.${tag}.${data!.slice(0, -2)}AA`)).toThrow();
  });
});
