import { assertStrongPassword, hashPassword } from '@atelier/shared/auth/passwords';
import { users } from '@atelier/shared/db/schema';
import { identity } from '@atelier/shared/events/catalog';
import { and, eq, isNull } from 'drizzle-orm';
import { type AuthDeps, HOUR, VERIFY_TTL_MS } from './deps';
import { consumeEmailToken, issueEmailToken, mailLink } from './email-tokens';
import type { RegisterBody } from './schemas';

const RESENDS_PER_HOUR = 3;

/**
 * Creates an account and emails the verification link. The answer is the same whether or not the
 * address already has an account (and costs the same hashing work), so registration reveals nothing.
 */
export async function register(deps: AuthDeps, input: RegisterBody): Promise<void> {
  assertStrongPassword(input.password);
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
    return { user, token: await issueEmailToken(tx, deps, user.id, 'verify_email', VERIFY_TTL_MS) };
  });
  if (created) await mailLink(deps, created.user, 'verify_email', '/verify-email', created.token);
}

/** Consumes a verification link: single use, valid 72 h. */
export async function verifyEmail(deps: AuthDeps, token: string): Promise<void> {
  await deps.outbox.transaction(async (tx, emit) => {
    const now = new Date(deps.clock());
    const userId = await consumeEmailToken(tx, token, 'verify_email', now);
    const [user] = await tx
      .update(users)
      .set({ emailVerifiedAt: now, updatedAt: now })
      .where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)))
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
  const token = await deps.db.transaction((tx) =>
    issueEmailToken(tx, deps, user.id, 'verify_email', VERIFY_TTL_MS),
  );
  await mailLink(deps, user, 'verify_email', '/verify-email', token);
}
