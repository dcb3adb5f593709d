import { hashToken, newOpaqueToken } from '@atelier/shared/auth/opaque';
import { requireTeamRole } from '@atelier/shared/auth/team-access';
import type { AuthClaims } from '@atelier/shared/auth/tokens';
import type { Tx } from '@atelier/shared/db';
import { teamInvitations, teamMembers, teams, users } from '@atelier/shared/db/schema';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '@atelier/shared/errors';
import { identity } from '@atelier/shared/events/catalog';
import { renderMail } from '@atelier/shared/mail/templates';
import { and, asc, count, eq, gt, isNull } from 'drizzle-orm';
import { INVITATION_TTL_MS, type TeamsDeps } from './deps';

type InvitedRole = 'admin' | 'editor' | 'viewer';

export async function createTeam(deps: TeamsDeps, auth: AuthClaims, name: string) {
  return deps.outbox.transaction(async (tx, emit) => {
    const [team] = await tx.insert(teams).values({ name }).returning();
    await tx.insert(teamMembers).values({ teamId: team!.id, userId: auth.userId, role: 'owner' });
    await emit(tx, identity.teamMemberAdded, { teamId: team!.id, userId: auth.userId, role: 'owner' });
    return { id: team!.id, name: team!.name, role: 'owner' as const };
  });
}

export async function listTeams(deps: TeamsDeps, auth: AuthClaims) {
  return deps.db
    .select({ id: teams.id, name: teams.name, role: teamMembers.role })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(eq(teamMembers.userId, auth.userId))
    .orderBy(asc(teams.name));
}

export async function getTeam(deps: TeamsDeps, auth: AuthClaims, teamId: string) {
  const role = await requireTeamRole(deps.db, teamId, auth.userId, 'team.view');
  const [team] = await deps.db.select().from(teams).where(eq(teams.id, teamId));
  const members = await deps.db
    .select({ userId: users.id, email: users.email, displayName: users.displayName, role: teamMembers.role })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.teamId, teamId))
    .orderBy(asc(teamMembers.createdAt));
  return { id: team!.id, name: team!.name, role, members };
}

/** Emails an invitation (7 days, single use) to join with a role below Owner. */
export async function invite(
  deps: TeamsDeps,
  auth: AuthClaims,
  teamId: string,
  email: string,
  role: InvitedRole,
) {
  await requireTeamRole(deps.db, teamId, auth.userId, 'team.members.invite');
  const [team] = await deps.db.select().from(teams).where(eq(teams.id, teamId));
  const [inviter] = await deps.db.select().from(users).where(eq(users.id, auth.userId));
  const token = newOpaqueToken();
  await deps.db.insert(teamInvitations).values({
    tokenHash: hashToken(token),
    teamId,
    email,
    role,
    invitedBy: auth.userId,
    expiresAt: new Date(deps.clock() + INVITATION_TTL_MS),
  });
  const link = `${deps.publicUrl}/teams/accept?token=${token}`;
  const mail = renderMail('team_invite', inviter?.language ?? 'en-US', {
    inviter: inviter?.displayName || inviter?.email || 'Someone',
    team: team!.name,
    role,
    link,
  });
  await deps.mailer
    .send({ to: email, ...mail })
    .catch((err) => deps.log.warn({ err: (err as Error).message }, 'invitation not sent'));
}

/** Joins the team of an invitation sent to the caller's own (verified) address. */
export async function acceptInvitation(deps: TeamsDeps, auth: AuthClaims, token: string) {
  if (!auth.emailVerified) throw new ForbiddenError('Verify your email address before joining a team');
  return deps.outbox.transaction(async (tx, emit) => {
    const now = new Date(deps.clock());
    const [me] = await tx.select({ email: users.email }).from(users).where(eq(users.id, auth.userId));
    const [invitation] = await tx
      .update(teamInvitations)
      .set({ acceptedAt: now })
      .where(
        and(
          eq(teamInvitations.tokenHash, hashToken(token)),
          eq(teamInvitations.email, me?.email ?? ''),
          isNull(teamInvitations.acceptedAt),
          gt(teamInvitations.expiresAt, now),
        ),
      )
      .returning();
    if (!invitation)
      throw new AppError(
        'invalid_token',
        400,
        'This invitation is invalid, used, expired or for another address',
      );
    const added = await tx
      .insert(teamMembers)
      .values({ teamId: invitation.teamId, userId: auth.userId, role: invitation.role })
      .onConflictDoNothing()
      .returning();
    if (added.length === 0) throw new ConflictError('You are already a member of this team');
    await emit(tx, identity.teamMemberAdded, {
      teamId: invitation.teamId,
      userId: auth.userId,
      role: invitation.role,
    });
    return { teamId: invitation.teamId, role: invitation.role };
  });
}

async function memberOrThrow(tx: Tx, teamId: string, userId: string) {
  const [member] = await tx
    .select()
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
    .for('update');
  if (!member) throw new NotFoundError('Member');
  return member;
}

async function owners(tx: Tx, teamId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.role, 'owner')));
  return row?.n ?? 0;
}

/** Admins manage roles below Owner; Owners are changed only by transferring ownership. */
export async function changeRole(
  deps: TeamsDeps,
  auth: AuthClaims,
  teamId: string,
  userId: string,
  role: InvitedRole,
) {
  await deps.db.transaction(async (tx) => {
    await requireTeamRole(tx, teamId, auth.userId, 'team.members.change_role');
    const member = await memberOrThrow(tx, teamId, userId);
    if (member.role === 'owner')
      throw new ConflictError('An Owner’s role changes only by transferring ownership');
    await tx
      .update(teamMembers)
      .set({ role })
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
  });
}

/** Removes a member (admins and up; an Owner only by another Owner), or the caller leaves. */
export async function removeMember(deps: TeamsDeps, auth: AuthClaims, teamId: string, userId: string) {
  const leaving = userId === auth.userId;
  await deps.outbox.transaction(async (tx, emit) => {
    const callerRole = await requireTeamRole(
      tx,
      teamId,
      auth.userId,
      leaving ? 'team.view' : 'team.members.remove',
    );
    const member = await memberOrThrow(tx, teamId, userId);
    if (member.role === 'owner') {
      if (callerRole !== 'owner') throw new ForbiddenError('Only an Owner can remove an Owner');
      if ((await owners(tx, teamId)) <= 1)
        throw new ConflictError('The last Owner cannot leave: transfer ownership first');
    }
    await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
    await emit(tx, identity.teamMemberRemoved, { teamId, userId, by: leaving ? 'left' : 'removed' });
  });
}

/** Makes another member the Owner; the caller stays on as Admin. */
export async function transferOwnership(deps: TeamsDeps, auth: AuthClaims, teamId: string, userId: string) {
  await deps.db.transaction(async (tx) => {
    await requireTeamRole(tx, teamId, auth.userId, 'team.transfer_ownership');
    await memberOrThrow(tx, teamId, userId);
    await tx
      .update(teamMembers)
      .set({ role: 'owner' })
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
    if (userId !== auth.userId) {
      await tx
        .update(teamMembers)
        .set({ role: 'admin' })
        .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, auth.userId)));
    }
  });
}
