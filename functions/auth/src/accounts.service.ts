import { hashToken, newOpaqueToken } from '@atelier/shared/auth/opaque';
import { hashPassword, passwordProblems } from '@atelier/shared/auth/passwords';
import type { Tx } from '@atelier/shared/db';
import { emailTokens, users } from '@atelier/shared/db/schema';
import { AppError } from '@atelier/shared/errors';
import { identity } from '@atelier/shared/events/catalog';
import { renderMail } from '@atelier/shared/mail/templates';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { type AuthDeps, HOUR, VERIFY_TTL_MS } from './deps';
import type { RegisterBody } from './schemas';

const RESENDS_PER_HOUR = 3;

/**
 * Creates an account and emails the verification link. The answer is the same whether or not the
 * address already has an account (and costs the same hashing work), so registration reveals nothing.
 */
export async function register(deps: AuthDeps, input: RegisterBody): Promise<void> {
  const problems = passwordProblems(input.password);
  if (problems.length > 0) {
    throw new AppError(
      'weak_password',
      400,
      'The password does not meet the policy',
      problems.map((p) => ({ path: 'password', message: p })),
    );
  }
  const passwordHash = await hashPassword(input.password);
  const created = await deps.outbox.transaction(async (tx, emit) => {
    const [user] = await tx
      .insert(users)
      .values({
        email: input.email,
        passwordHash,
        displayName: input.displayName ?? '',
        language: input.language ?? 'en-US',
      })
      .onConflictDoNothing()
      .returning();
    if (!user) return undefined;
    await emit(tx, identity.userRegistered, { userId: user.id, language: user.language });
    return { user, token: await newEmailToken(tx, deps, user.id) };
  });
  if (created) await sendVerification(deps, created.user, created.token);
}

async function newEmailToken(tx: Tx, deps: AuthDeps, userId: string): Promise<string> {
  const token = newOpaqueToken();
  await tx.insert(emailTokens).values({
    tokenHash: hashToken(token),
    userId,
    purpose: 'verify_email',
    expiresAt: new Date(deps.clock() + VERIFY_TTL_MS),
  });
  return token;
}

async function sendVerification(
  deps: AuthDeps,
  user: { email: string; displayName: string; language: string },
  token: string,
) {
  const link = `${deps.publicUrl}/verify-email?token=${token}`;
  const mail = renderMail('verify_email', user.language, { name: user.displayName || user.email, link });
  // The account exists either way; a failed send is retried by asking for a new link.
  await deps.mailer
    .send({ to: user.email, ...mail })
    .catch((err) => deps.log.warn({ err: (err as Error).message }, 'verification mail not sent'));
}

/** Consumes a verification link: single use, valid 72 h. */
export async function verifyEmail(deps: AuthDeps, token: string): Promise<void> {
  await deps.outbox.transaction(async (tx, emit) => {
    const now = new Date(deps.clock());
    const [row] = await tx
      .update(emailTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(emailTokens.tokenHash, hashToken(token)),
          eq(emailTokens.purpose, 'verify_email'),
          isNull(emailTokens.usedAt),
          gt(emailTokens.expiresAt, now),
        ),
      )
      .returning();
    if (!row)
      throw new AppError('invalid_token', 400, 'This link is invalid, used or expired: ask for a new one');
    const [user] = await tx
      .update(users)
      .set({ emailVerifiedAt: now, updatedAt: now })
      .where(and(eq(users.id, row.userId), isNull(users.emailVerifiedAt)))
      .returning({ id: users.id });
    if (user) await emit(tx, identity.userEmailVerified, { userId: user.id });
  });
}

/** Sends a fresh link to an unverified account; the same answer for any address, at most 3 an hour. */
export async function resendVerification(deps: AuthDeps, email: string): Promise<void> {
  const key = `${deps.limits.namespace}:resend-verification:${email}`;
  const count = await deps.redis.incr(key);
  if (count === 1) await deps.redis.pexpire(key, HOUR);
  if (count > RESENDS_PER_HOUR) return;
  const [user] = await deps.db.select().from(users).where(eq(users.email, email));
  if (!user || user.emailVerifiedAt) return;
  const token = await deps.db.transaction((tx) => newEmailToken(tx, deps, user.id));
  await sendVerification(deps, user, token);
}
