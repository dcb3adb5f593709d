import { assertStrongPassword, hashPassword, verifyPassword } from '@atelier/shared/auth/passwords';
import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { sessions, users } from '@atelier/shared/db/schema';
import { AppError } from '@atelier/shared/errors';
import { identity } from '@atelier/shared/events/catalog';
import { and, eq, isNull, ne } from 'drizzle-orm';
import { type AuthDeps, HOUR } from './deps';
import { consumeEmailToken, issueEmailToken, mailLink } from './email-tokens';
import { revokeSessions } from './sessions.service';

/** Emails a single-use reset link (1 h) when the address has an account; answers the same either way. */
export async function requestPasswordReset(deps: AuthDeps, email: string): Promise<void> {
  const [user] = await deps.db.select().from(users).where(eq(users.email, email));
  if (!user) return;
  const token = await deps.outbox.transaction(async (tx, emit) => {
    await emit(tx, identity.userPasswordResetRequested, { userId: user.id });
    return issueEmailToken(tx, deps, user.id, 'password_reset', HOUR);
  });
  await mailLink(deps, user, 'password_reset', '/reset-password', token);
}

/** Sets a new password from a reset link and signs the user out everywhere. */
export async function resetPassword(deps: AuthDeps, token: string, password: string): Promise<void> {
  assertStrongPassword(password);
  const passwordHash = await hashPassword(password);
  const userId = await deps.outbox.transaction(async (tx, emit) => {
    const now = new Date(deps.clock());
    const id = await consumeEmailToken(tx, token, 'password_reset', now);
    // Following the link proves the address too.
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, id));
    await tx
      .update(users)
      .set({ emailVerifiedAt: now })
      .where(and(eq(users.id, id), isNull(users.emailVerifiedAt)));
    await emit(tx, identity.userPasswordChanged, { userId: id, via: 'reset' });
    return id;
  });
  await revokeSessions(deps, eq(sessions.userId, userId), 'password_reset');
}

/** Changes the password of the signed-in user (the current one is required); other sessions end. */
export async function changePassword(
  deps: AuthDeps,
  auth: AuthClaims,
  current: string,
  next: string,
): Promise<void> {
  const [user] = await deps.db.select().from(users).where(eq(users.id, auth.userId));
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, current))) {
    throw new AppError('invalid_credentials', 400, 'The current password is wrong', [
      { path: 'currentPassword', message: 'wrong' },
    ]);
  }
  assertStrongPassword(next, 'newPassword');
  const passwordHash = await hashPassword(next);
  await deps.outbox.transaction(async (tx, emit) => {
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: new Date(deps.clock()) })
      .where(eq(users.id, user.id));
    await emit(tx, identity.userPasswordChanged, { userId: user.id, via: 'change' });
  });
  await revokeSessions(
    deps,
    and(eq(sessions.userId, user.id), ne(sessions.id, auth.sessionId)),
    'password_changed',
  );
}
