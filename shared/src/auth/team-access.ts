import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { teamMembers, users } from '../db/schema';
import { AppError, ForbiddenError, NotFoundError } from '../errors';
import { assertCan, needsMfa, type Permission, type Role } from './permissions';
import type { AuthClaims } from './tokens';

/**
 * The caller's role in a team, checked against a permission: outsiders get 404, weaker members 403,
 * and an Admin or Owner acting as one without MFA on their account 403 `mfa_required`.
 */
export async function requireTeamRole(
  db: DbOrTx,
  teamId: string,
  userId: string,
  permission: Permission,
): Promise<Role> {
  const [member] = await db
    .select({ role: teamMembers.role, mfaEnabledAt: users.mfaEnabledAt })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
  assertCan(member?.role, permission, () => new ForbiddenError(`Your role cannot do this (${permission})`));
  if (needsMfa(permission) && !member!.mfaEnabledAt) {
    throw new AppError(
      'mfa_required',
      403,
      'Administering a team needs two-step sign-in: turn on MFA in your account first',
      { setup: '/v1/auth/mfa/setup' },
    );
  }
  return member!.role;
}

/** Who owns a resource: a user alone, or a team. */
export interface Owner {
  ownerUserId: string | null;
  teamId: string | null;
}

/**
 * Checks the caller may do `permission` on a resource with this owner: its owning user may do
 * anything; a team resource follows the permission matrix; anyone else gets 404 (never 403, which
 * would confirm the id exists).
 */
export async function assertOwnerCan(
  db: DbOrTx,
  auth: Pick<AuthClaims, 'userId'>,
  owner: Owner | undefined,
  permission: Permission,
  what = 'Resource',
): Promise<void> {
  if (!owner) throw new NotFoundError(what);
  if (owner.ownerUserId !== null) {
    if (owner.ownerUserId !== auth.userId) throw new NotFoundError(what);
    return;
  }
  await requireTeamRole(db, owner.teamId!, auth.userId, permission).catch((err: unknown) => {
    throw err instanceof NotFoundError ? new NotFoundError(what) : err;
  });
}
