import { hashToken, newOpaqueToken } from '@atelier/shared/auth/opaque';
import { hashPassword, passwordProblems, verifyPassword } from '@atelier/shared/auth/passwords';
import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { emailTokens, sessions, users } from '@atelier/shared/db/schema';
import { AppError } from '@atelier/shared/errors';
import { identity } from '@atelier/shared/events/catalog';
import { renderMail } from '@atelier/shared/mail/templates';
import { and, eq, gt, isNull, ne } from 'drizzle-orm';
import { type AuthDeps, HOUR } from './deps';

function assertStrong(password: string, path: string): void {
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

async function revokeUserSessions(
  deps: AuthDeps,
  userId: string,
  reason: string,
  keep?: string,
): Promise<void> {
  const rows = await deps.db
    .update(sessions)
    .set({ revokedAt: new Date(deps.clock()), revokedReason: reason })
    .where(
      and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keep ? ne(sessions.id, keep) : undefined),
    )
    .returning({ id: sessions.id });
  await deps.revocations.revoke(rows.map((r) => r.id));
}

/** Emails a single-use reset link (1 h) when the address has an account; answers the same either way. */
export async function requestPasswordReset(deps: AuthDeps, email: string): Promise<void> {
  const [user] = await deps.db.select().from(users).where(eq(users.email, email));
  if (!user) return;
  const token = newOpaqueToken();
  await deps.outbox.transaction(async (tx, emit) => {
    await tx.insert(emailTokens).values({
      tokenHash: hashToken(token),
      userId: user.id,
      purpose: 'password_reset',
      expiresAt: new Date(deps.clock() + HOUR),
    });
    await emit(tx, identity.userPasswordResetRequested, { userId: user.id });
  });
  const link = `${deps.publicUrl}/reset-password?token=${token}`;
  const mail = renderMail('password_reset', user.language, { name: user.displayName || user.email, link });
  await deps.mailer
    .send({ to: user.email, ...mail })
    .catch((err) => deps.log.warn({ err: (err as Error).message }, 'reset mail not sent'));
}

/** Sets a new password from a reset link and signs the user out everywhere. */
export async function resetPassword(deps: AuthDeps, token: string, password: string): Promise<void> {
  assertStrong(password, 'password');
  const passwordHash = await hashPassword(password);
  const userId = await deps.outbox.transaction(async (tx, emit) => {
    const now = new Date(deps.clock());
    const [row] = await tx
      .update(emailTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(emailTokens.tokenHash, hashToken(token)),
          eq(emailTokens.purpose, 'password_reset'),
          isNull(emailTokens.usedAt),
          gt(emailTokens.expiresAt, now),
        ),
      )
      .returning();
    if (!row)
      throw new AppError('invalid_token', 400, 'This link is invalid, used or expired: ask for a new one');
    // Following the link proves the address too.
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, row.userId));
    await tx
      .update(users)
      .set({ emailVerifiedAt: now })
      .where(and(eq(users.id, row.userId), isNull(users.emailVerifiedAt)));
    await emit(tx, identity.userPasswordChanged, { userId: row.userId, via: 'reset' });
    return row.userId;
  });
  await revokeUserSessions(deps, userId, 'password_reset');
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
  assertStrong(next, 'newPassword');
  const passwordHash = await hashPassword(next);
  await deps.outbox.transaction(async (tx, emit) => {
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: new Date(deps.clock()) })
      .where(eq(users.id, user.id));
    await emit(tx, identity.userPasswordChanged, { userId: user.id, via: 'change' });
  });
  await revokeUserSessions(deps, user.id, 'password_changed', auth.sessionId);
}
