import type { Algorithm } from '@node-rs/argon2';
import { AppError } from '../errors';

/**
 * argon2id with OWASP's Password Storage Cheat Sheet parameters (m = 19 MiB, t = 2, p = 1: the first of
 * its equivalent configurations, chosen for a low memory peak when many sign-ins land at once in small
 * serverless processes). The parameters are stored in each hash, so raising them later only affects new
 * hashes; `needsRehash` tells when to upgrade one at the next successful sign-in.
 */
export const ARGON2_PARAMS = {
  algorithm: 2 as Algorithm, // Algorithm.Argon2id (a const enum, which isolated modules cannot read)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** The native argon2 addon, loaded on the first password operation rather than at cold start. */
const argon2 = async () => {
  const mod = (await import('@node-rs/argon2')) as typeof import('@node-rs/argon2') & {
    default?: typeof import('@node-rs/argon2');
  };
  return mod.default ?? mod;
};

export const hashPassword = async (password: string): Promise<string> =>
  (await argon2()).hash(password, ARGON2_PARAMS);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await (await argon2()).verify(stored, password);
  } catch {
    return false; // a malformed stored hash is a failed check, not a crash
  }
}

let dummy: Promise<string> | undefined;
/** The hash checked when there is no account: same algorithm and parameters as a real one. */
export const dummyHash = (): Promise<string> => {
  dummy ??= hashPassword('not-a-real-password-Aa1!');
  return dummy;
};

/**
 * Spends the time of a real check when there is no account, so a sign-in for an unknown email takes as
 * long as one for a known email with a wrong password (no enumeration by timing).
 */
export async function verifyNothing(password: string): Promise<false> {
  await verifyPassword(await dummyHash(), password);
  return false;
}

export const needsRehash = (stored: string): boolean =>
  !stored.startsWith(
    `$argon2id$v=19$m=${ARGON2_PARAMS.memoryCost},t=${ARGON2_PARAMS.timeCost},p=${ARGON2_PARAMS.parallelism}$`,
  );

/** Why a password is refused (PRODUCT.md: ≥ 12 characters with upper, lower, digit and symbol). */
export type PasswordProblem =
  | 'too_short'
  | 'too_long'
  | 'needs_upper'
  | 'needs_lower'
  | 'needs_digit'
  | 'needs_symbol';

export function passwordProblems(password: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < 12) problems.push('too_short');
  if (password.length > 256) problems.push('too_long'); // bounds the hashing work an attacker can ask for
  if (!/\p{Lu}/u.test(password)) problems.push('needs_upper');
  if (!/\p{Ll}/u.test(password)) problems.push('needs_lower');
  if (!/\p{Nd}/u.test(password)) problems.push('needs_digit');
  if (!/[^\p{L}\p{Nd}]/u.test(password)) problems.push('needs_symbol');
  return problems;
}

/** Refuses a password that breaks the policy, naming each broken rule (`400 weak_password`). */
export function assertStrongPassword(password: string, path = 'password'): void {
  const problems = passwordProblems(password);
  if (problems.length > 0) {
    throw new AppError(
      'weak_password',
      400,
      'The password does not meet the policy',
      problems.map((p) => ({ path, message: p })),
    );
  }
}
