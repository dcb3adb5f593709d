import { describe, expect, it } from 'vitest';
import {
  dummyHash,
  hashPassword,
  needsRehash,
  passwordProblems,
  verifyNothing,
  verifyPassword,
} from './passwords';

describe('passwords', () => {
  it('hashes with argon2id and the documented parameters, and verifies', async () => {
    const stored = await hashPassword('Correct-horse-9');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(needsRehash(stored)).toBe(false);
    expect(await verifyPassword(stored, 'Correct-horse-9')).toBe(true);
    expect(await verifyPassword(stored, 'correct-horse-9')).toBe(false);
    expect(await verifyPassword('garbage', 'Correct-horse-9')).toBe(false);
    expect(needsRehash('$argon2id$v=19$m=4096,t=3,p=1$abc$def')).toBe(true);
  });

  it('checks a real argon2id hash with the same parameters when there is no account', async () => {
    // Same work as a wrong password, so timing tells nothing (measured, not asserted: see bench:identity).
    expect(needsRehash(await dummyHash())).toBe(false);
    expect(await verifyNothing('Correct-horse-9')).toBe(false);
  });

  it.each([
    ['Short1!', ['too_short']],
    ['alllowercase-12', ['needs_upper']],
    ['ALLUPPERCASE-12', ['needs_lower']],
    ['No-digits-here!', ['needs_digit']],
    ['NoSymbols12345', ['needs_symbol']],
    ['abc', ['too_short', 'needs_upper', 'needs_digit', 'needs_symbol']],
    ['Ünïcödé-Pässwörd-1', []],
    ['Correct-horse-9', []],
  ])('judges %j', (password, expected) => {
    expect(passwordProblems(password)).toEqual(expected);
  });
});
