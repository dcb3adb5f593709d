import type { Tx } from '@atelier/shared/db';
import { projects, teamMembers, teams, users } from '@atelier/shared/db/schema';
import { and, eq, inArray } from 'drizzle-orm';

/** Names for titles and emails; an id stands in for what was deleted meanwhile. */
export async function projectName(tx: Tx, id: string): Promise<string> {
  const [p] = await tx.select({ name: projects.name }).from(projects).where(eq(projects.id, id));
  return p?.name ?? 'a project';
}

export async function teamName(tx: Tx, id: string): Promise<string> {
  const [t] = await tx.select({ name: teams.name }).from(teams).where(eq(teams.id, id));
  return t?.name ?? 'a team';
}

export async function userName(tx: Tx, id: string): Promise<string> {
  const [u] = await tx
    .select({ name: users.displayName, email: users.email })
    .from(users)
    .where(eq(users.id, id));
  return u ? u.name || u.email.split('@')[0]! : 'Someone';
}

/** Members of a team, optionally only those with one of `roles`. */
export async function teamMemberIds(tx: Tx, teamId: string, roles?: string[]): Promise<string[]> {
  const rows = await tx
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(
      roles
        ? and(
            eq(teamMembers.teamId, teamId),
            inArray(teamMembers.role, roles as Array<'owner' | 'admin' | 'editor' | 'viewer'>),
          )
        : eq(teamMembers.teamId, teamId),
    );
  return rows.map((r) => r.userId);
}

/** Who hears about a workbench-owned thing: its owner user, or the team's owners and admins. */
export async function billingContacts(
  tx: Tx,
  owner: { ownerUserId: string | null; teamId: string | null },
): Promise<string[]> {
  if (owner.ownerUserId) return [owner.ownerUserId];
  return owner.teamId ? teamMemberIds(tx, owner.teamId, ['owner', 'admin']) : [];
}
