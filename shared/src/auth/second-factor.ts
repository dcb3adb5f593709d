import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import { recoveryCodes, type users } from '../db/schema';
import type { Redis } from '../redis';
import { hashToken } from './opaque';
import { normaliseRecoveryCode, type SecretBox, totpStep } from './totp';

export interface SecondFactorDeps {
  db: Db;
  redis: Redis;
  box: SecretBox;
  clock: () => number;
}

export interface SecondFactorProof {
  code?: string | undefined;
  recoveryCode?: string | undefined;
}

/**
 * Checks a TOTP code or a recovery code for `user`. A TOTP code is good once: its 30-second step is
 * claimed in Redis with SET NX, so a replay (even a concurrent one, even on another instance) fails.
 * A recovery code is marked used in the same UPDATE that finds it, so it too works once.
 */
export async function checkSecondFactor(
  deps: SecondFactorDeps,
  user: Pick<typeof users.$inferSelect, 'id' | 'mfaSecret'>,
  proof: SecondFactorProof,
): Promise<boolean> {
  if (proof.recoveryCode) {
    const used = await deps.db
      .update(recoveryCodes)
      .set({ usedAt: new Date(deps.clock()) })
      .where(
        and(
          eq(recoveryCodes.codeHash, hashToken(normaliseRecoveryCode(proof.recoveryCode))),
          eq(recoveryCodes.userId, user.id),
          isNull(recoveryCodes.usedAt),
        ),
      )
      .returning({ userId: recoveryCodes.userId });
    return used.length === 1;
  }
  if (!proof.code || !user.mfaSecret) return false;
  const step = totpStep(deps.box.open(user.mfaSecret), proof.code, deps.clock());
  if (step === null) return false;
  const claimed = await deps.redis.set(`totp-used:${user.id}:${step}`, '1', 'EX', 120, 'NX');
  return claimed === 'OK';
}
