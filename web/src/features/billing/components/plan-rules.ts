import type { PlanId } from '../../../lib/api';
import type { Subscription } from '../../../lib/api/billing-types';

const order: PlanId[] = ['free', 'pro', 'team', 'enterprise'];

/** Higher is more: an upgrade applies at once, a downgrade at the period's end. */
export const planRank = (plan: PlanId) => order.indexOf(plan);

/** A subscription still in force (past_due keeps the plan during the grace period). */
export const isLive = (sub: Subscription | null): sub is Subscription =>
  sub !== null && (sub.status === 'trialing' || sub.status === 'active' || sub.status === 'past_due');
