import type { subscriptions } from '../db/schema';

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
