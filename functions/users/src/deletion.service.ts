import { verifyPassword } from '@atelier/shared/auth/passwords';
import type { RevocationList } from '@atelier/shared/auth/revocations';
import { checkSecondFactor } from '@atelier/shared/auth/second-factor';
import type { AuthClaims } from '@atelier/shared/auth/tokens';
import type { SecretBox } from '@atelier/shared/auth/totp';
import { sessions, teamMembers, teams, users } from '@atelier/shared/db/schema';
import { AppError, ConflictError, NotFoundError } from '@atelier/shared/errors';
import { identity } from '@atelier/shared/events/catalog';
import type { Outbox } from '@atelier/shared/events/outbox';
import type { Redis } from '@atelier/shared/redis';
import { and, count, eq, inArray, ne } from 'drizzle-orm';
import type { UsersDeps } from './profile.service';

export interface DeletionDeps extends UsersDeps {
  outbox: Outbox;
  revocations: RevocationList;
  box: SecretBox;
  redis: Redis;
}

const wrongProof = (path: string) =>
  new AppError(
    'invalid_credentials',
    400,
    'Confirm with your password (and your authenticator code when MFA is on)',
    [{ path, message: 'wrong or missing' }],
  );

/**
 * Deletes the account: identity's own rows go at once (sessions, tokens, consents, memberships cascade
 * with the user), teams the user alone belonged to go too, and `user.deleted` tells every other context
 * to erase or anonymise its part. Refused while the user is the last Owner of a team with other members.
 */
export async function deleteAccount(
  deps: DeletionDeps,
  auth: AuthClaims,
  proof: { password?: string | undefined; code?: string | undefined; recoveryCode?: string | undefined },
) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, auth.userId));
  if (!user) throw new NotFoundError('User');
  if (user.passwordHash) {
    if (!proof.password || !(await verifyPassword(user.passwordHash, proof.password)))
      throw wrongProof('password');
  } else if (!user.mfaEnabledAt) {
    // An account made through external sign-in has no password: it proves itself with MFA, or sets a
    // password first (the forgot-password link works for it).
    throw new AppError(
      'invalid_credentials',
      400,
      'This account has no password: set one with "forgot password", or turn on MFA, then delete it',
      [{ path: 'password', message: 'no password is set' }],
    );
  }
  if (user.mfaEnabledAt && !(await checkSecondFactor(deps, user, proof))) throw wrongProof('code');
  const sessionIds = await deps.outbox.transaction(async (tx, emit) => {
    const owned = await tx
      .select({ teamId: teamMembers.teamId })
      .from(teamMembers)
      .where(and(eq(teamMembers.userId, user.id), eq(teamMembers.role, 'owner')));
    const solo: string[] = [];
    for (const { teamId } of owned) {
      const [others] = await tx
        .select({ n: count() })
        .from(teamMembers)
        .where(and(eq(teamMembers.teamId, teamId), ne(teamMembers.userId, user.id)));
      const [otherOwners] = await tx
        .select({ n: count() })
        .from(teamMembers)
        .where(
          and(eq(teamMembers.teamId, teamId), eq(teamMembers.role, 'owner'), ne(teamMembers.userId, user.id)),
        );
      if ((others?.n ?? 0) === 0) solo.push(teamId);
      else if ((otherOwners?.n ?? 0) === 0) {
        throw new ConflictError(
          'You are the last Owner of a team with other members: transfer ownership first',
          { teamId },
        );
      }
    }
    if (solo.length > 0) await tx.delete(teams).where(inArray(teams.id, solo));
    const active = await tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id));
    await tx.delete(users).where(eq(users.id, user.id));
    await emit(tx, identity.userDeleted, {
      userId: user.id,
      deletedAt: new Date(deps.clock()).toISOString(),
    });
    return active.map((s) => s.id);
  });
  await deps.revocations.revoke(sessionIds);
}
