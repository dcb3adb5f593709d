import { assertCan, needsMfa, type Permission, type Role } from '@atelier/shared/auth/permissions';
import type { DbOrTx } from '@atelier/shared/db';
import { teamMembers, users } from '@atelier/shared/db/schema';
import { AppError, ForbiddenError } from '@atelier/shared/errors';
import { and, eq } from 'drizzle-orm';

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
