import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { subscriptions } from '../db/schema';

export type Subscription = typeof subscriptions.$inferSelect;
const DAY = 86_400_000;

/** When a past-due subscription's paid work stops (dunning's grace period). */
export const graceEndsAt = (sub: Pick<Subscription, 'pastDueSince'>, graceDays: number) =>
  sub.pastDueSince ? new Date(sub.pastDueSince.getTime() + graceDays * DAY) : null;

/** A subscription as its owner sees it (billing API, account view). */
export function subscriptionView(sub: Subscription, graceDays: number) {
  return {
    id: sub.id,
    plan: sub.plan,
    status: sub.status,
    seats: sub.seats,
    provider: sub.provider,
    currentPeriodEnd: sub.currentPeriodEnd.toISOString(),
    cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
    pendingPlan: sub.pendingPlan,
    pastDueSince: sub.pastDueSince?.toISOString() ?? null,
    graceEndsAt: graceEndsAt(sub, graceDays)?.toISOString() ?? null,
    suspended: sub.suspendedAt !== null,
  };
}

/** What counts as "subscribed": the plan is in force in these states. */
export const liveStatuses = ['trialing', 'active', 'past_due'] as const;

/** The owner's live subscription, if any (at most one: a partial unique index). */
export async function liveSubscription(
  db: DbOrTx,
  owner: { userId: string } | { teamId: string },
): Promise<Subscription | undefined> {
  const [sub] = await db
    .select()
    .from(subscriptions)
    .where(
      and(
        'userId' in owner
          ? eq(subscriptions.ownerUserId, owner.userId)
          : eq(subscriptions.teamId, owner.teamId),
        inArray(subscriptions.status, [...liveStatuses]),
      ),
    );
  return sub;
}
