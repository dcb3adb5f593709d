import { hashToken } from '@atelier/shared/auth/opaque';
import { checkSecondFactor } from '@atelier/shared/auth/second-factor';
import type { AuthClaims } from '@atelier/shared/auth/tokens';
import {
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  otpauthUri,
} from '@atelier/shared/auth/totp';
import { recoveryCodes, users } from '@atelier/shared/db/schema';
import { AppError, ConflictError, NotFoundError } from '@atelier/shared/errors';
import { eq } from 'drizzle-orm';
import type { AuthDeps } from './deps';
import { endMfaChallenge, takeMfaChallenge } from './mfa-challenge';
import { type ClientInfo, type SignedIn, startSession } from './sessions.service';

const wrongCode = () =>
  new AppError('invalid_credentials', 400, 'The code is wrong or already used', [
    { path: 'code', message: 'wrong' },
  ]);

async function userOf(deps: AuthDeps, userId: string) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new NotFoundError('User');
  return user;
}

const secondFactor = (
  deps: AuthDeps,
  user: typeof users.$inferSelect,
  proof: { code?: string | undefined; recoveryCode?: string | undefined },
) => checkSecondFactor(deps, user, proof);

/** Starts MFA set-up: a new secret (not active until a code confirms it), its otpauth URI and a QR code. */
export async function setupMfa(deps: AuthDeps, auth: AuthClaims) {
  const user = await userOf(deps, auth.userId);
  if (user.mfaEnabledAt)
    throw new ConflictError('MFA is already on: turn it off first to set up a new authenticator');
  const secret = newTotpSecret();
  await deps.db
    .update(users)
    .set({ mfaSecret: deps.box.seal(secret) })
    .where(eq(users.id, user.id));
  const uri = otpauthUri(secret, user.email);
  const qrcode = await import('qrcode');
  const qrSvg = await (qrcode.default ?? qrcode).toString(uri, { type: 'svg', margin: 1 });
  return { secret, otpauthUri: uri, qrSvg };
}

/** Turns MFA on with a first code and returns 10 recovery codes, shown this once. */
export async function confirmMfa(deps: AuthDeps, auth: AuthClaims, code: string): Promise<string[]> {
  const user = await userOf(deps, auth.userId);
  if (user.mfaEnabledAt) throw new ConflictError('MFA is already on');
  if (!user.mfaSecret) throw new ConflictError('Start the set-up first (POST /v1/auth/mfa/setup)');
  if (!(await secondFactor(deps, user, { code }))) throw wrongCode();
  const codes = newRecoveryCodes();
  await deps.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ mfaEnabledAt: new Date(deps.clock()) })
      .where(eq(users.id, user.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await tx
      .insert(recoveryCodes)
      .values(codes.map((c) => ({ codeHash: hashToken(normaliseRecoveryCode(c)), userId: user.id })));
  });
  return codes;
}

/** Turns MFA off; needs a current code (or a recovery code). */
export async function disableMfa(
  deps: AuthDeps,
  auth: AuthClaims,
  proof: { code?: string; recoveryCode?: string },
) {
  const user = await userOf(deps, auth.userId);
  if (!user.mfaEnabledAt) throw new ConflictError('MFA is not on');
  if (!(await secondFactor(deps, user, proof))) throw wrongCode();
  await deps.db.transaction(async (tx) => {
    await tx.update(users).set({ mfaSecret: null, mfaEnabledAt: null }).where(eq(users.id, user.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
  });
}

/** The second sign-in step: challenge + code → session. At most 5 tries per challenge. */
export async function completeMfaLogin(
  deps: AuthDeps,
  input: { challengeToken: string; code?: string | undefined; recoveryCode?: string | undefined },
  client: ClientInfo,
): Promise<SignedIn> {
  const userId = await takeMfaChallenge(deps, input.challengeToken);
  if (!userId)
    throw new AppError('invalid_token', 401, 'The sign-in challenge is invalid or expired: sign in again');
  const user = await userOf(deps, userId);
  if (!(await secondFactor(deps, user, input))) throw wrongCode();
  await endMfaChallenge(deps, input.challengeToken);
  return startSession(deps, user, client);
}
