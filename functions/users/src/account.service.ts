import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { entitlementsFor } from '@atelier/shared/billing/plans';
import { subscriptions, teamMembers, teams } from '@atelier/shared/db/schema';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { UsersDeps } from './profile.service';

/**
 * The account view (PRODUCT.md §2): the plan in force and what it allows, the live subscription, and
 * the teams the user works in with theirs. Credits and usage join it from the billing ledger.
 */
export async function getAccount(deps: UsersDeps, auth: AuthClaims) {
  const entitlements = await entitlementsFor(deps.db, { userId: auth.userId });
  const [subscription] = await deps.db
    .select({
      plan: subscriptions.plan,
      status: subscriptions.status,
      currentPeriodEnd: subscriptions.currentPeriodEnd,
      cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
    })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.ownerUserId, auth.userId),
        inArray(subscriptions.status, ['trialing', 'active', 'past_due']),
      ),
    );
  const memberships = await deps.db
    .select({ teamId: teams.id, name: teams.name, role: teamMembers.role })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(eq(teamMembers.userId, auth.userId))
    .orderBy(asc(teams.name));
  return {
    plan: entitlements.plan,
    entitlements,
    subscription: subscription ?? null,
    teams: await Promise.all(
      memberships.map(async (m) => ({
        ...m,
        plan: (await entitlementsFor(deps.db, { teamId: m.teamId })).plan,
      })),
    ),
  };
}
