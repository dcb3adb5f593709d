import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { creditSummary } from '@atelier/shared/billing/credits';
import { entitlementsFor, entitlementsOf } from '@atelier/shared/billing/plans';
import { liveSubscription } from '@atelier/shared/billing/subscriptions';
import { teamMembers, teams } from '@atelier/shared/db/schema';
import { asc, eq } from 'drizzle-orm';
import type { UsersDeps } from './profile.service';

/**
 * The account view (PRODUCT.md §2): the plan in force and what it allows, the live subscription, and
 * the user's credits and fair-use counters (month's credits brought up to date), and the teams the
 * user works in with theirs. /v1/billing has the full picture (history, invoices, payment).
 */
export async function getAccount(deps: UsersDeps, auth: AuthClaims) {
  // One read of the live subscription: the plan in force and the subscription shown both come from it.
  const sub = await liveSubscription(deps.db, { userId: auth.userId });
  const entitlements = entitlementsOf(sub?.plan ?? 'free');
  const subscription = sub && {
    plan: sub.plan,
    status: sub.status,
    currentPeriodEnd: sub.currentPeriodEnd,
    cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
    pastDueSince: sub.pastDueSince,
    suspendedAt: sub.suspendedAt,
  };
  const memberships = await deps.db
    .select({ teamId: teams.id, name: teams.name, role: teamMembers.role })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(eq(teamMembers.userId, auth.userId))
    .orderBy(asc(teams.name));
  const credits = await deps.db.transaction((tx) => creditSummary(tx, { userId: auth.userId }));
  return {
    plan: entitlements.plan,
    entitlements,
    subscription: subscription ?? null,
    credits,
    teams: await Promise.all(
      memberships.map(async (m) => ({
        ...m,
        plan: (await entitlementsFor(deps.db, { teamId: m.teamId })).plan,
      })),
    ),
  };
}
