import { hashToken, newOpaqueToken } from '@atelier/shared/auth/opaque';
import type { AuthDeps } from './deps';

const CHALLENGE_TTL_S = 300;
export const CHALLENGE_ATTEMPTS = 5;

const key = (deps: AuthDeps, token: string) => `${deps.limits.namespace}:mfa-challenge:${hashToken(token)}`;

/** A short-lived (5 min) proof that the password step passed, kept in Redis by hash. */
export async function newMfaChallenge(deps: AuthDeps, userId: string): Promise<string> {
  const token = newOpaqueToken();
  await deps.redis.set(key(deps, token), `${userId} 0`, 'EX', CHALLENGE_TTL_S);
  return token;
}

/** The challenge's user, counting this attempt; undefined when unknown, expired or out of attempts. */
export async function takeMfaChallenge(deps: AuthDeps, token: string): Promise<string | undefined> {
  const k = key(deps, token);
  const value = await deps.redis.get(k);
  if (!value) return undefined;
  const [userId, tries] = value.split(' ');
  if (Number(tries) >= CHALLENGE_ATTEMPTS) {
    await deps.redis.del(k);
    return undefined;
  }
  await deps.redis.set(k, `${userId} ${Number(tries) + 1}`, 'KEEPTTL');
  return userId;
}

export const endMfaChallenge = (deps: AuthDeps, token: string) => deps.redis.del(key(deps, token));
