import { assertCan, type Permission, type Role } from '@atelier/shared/auth/permissions';
import type { DbOrTx } from '@atelier/shared/db';
import { teamMembers } from '@atelier/shared/db/schema';
import { ForbiddenError } from '@atelier/shared/errors';
import { and, eq } from 'drizzle-orm';

/** The caller's role in a team, checked against a permission: outsiders get 404, weaker members 403. */
export async function requireTeamRole(
  db: DbOrTx,
  teamId: string,
  userId: string,
  permission: Permission,
): Promise<Role> {
  const [member] = await db
    .select({ role: teamMembers.role })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
  assertCan(member?.role, permission, () => new ForbiddenError(`Your role cannot do this (${permission})`));
  return member!.role;
}
