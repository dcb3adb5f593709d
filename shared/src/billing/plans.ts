import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { type planIds, subscriptions } from '../db/schema';
import { AppError } from '../errors';

export type PlanId = (typeof planIds)[number];

/** What each plan allows (PRODUCT.md §5). Other functions ask `entitlementsFor()`, never the plan name. */
export const plans = {
  free: {
    name: 'Free',
    monthlyCredits: 100,
    watermark: true,
    canUseBrandKits: false,
    canSavePrivateTemplates: false,
    teams: false,
    sso: false,
  },
  pro: {
    name: 'Pro',
    monthlyCredits: 200,
    watermark: false,
    canUseBrandKits: true,
    canSavePrivateTemplates: true,
    teams: false,
    sso: false,
  },
  team: {
    name: 'Team',
    monthlyCredits: 200,
    watermark: false,
    canUseBrandKits: true,
    canSavePrivateTemplates: true,
    teams: true,
    sso: false,
  },
  enterprise: {
    name: 'Enterprise',
    monthlyCredits: 200,
    watermark: false,
    canUseBrandKits: true,
    canSavePrivateTemplates: true,
    teams: true,
    sso: true,
  },
} as const satisfies Record<PlanId, object>;
export type Entitlements = (typeof plans)[PlanId] & { plan: PlanId };

const live = ['trialing', 'active', 'past_due'] as const;

/** The plan in force for a user alone or for a team: its live subscription's, else Free. */
export async function entitlementsFor(
  db: DbOrTx,
  owner: { userId: string } | { teamId: string },
): Promise<Entitlements> {
  const [sub] = await db
    .select({ plan: subscriptions.plan })
    .from(subscriptions)
    .where(
      and(
        'userId' in owner
          ? eq(subscriptions.ownerUserId, owner.userId)
          : eq(subscriptions.teamId, owner.teamId),
        inArray(subscriptions.status, [...live]),
      ),
    );
  const plan: PlanId = sub?.plan ?? 'free';
  return { ...plans[plan], plan };
}

/** 403 `plan_required` naming the cheapest plan that allows the feature. */
export function assertEntitled(
  entitlements: Entitlements,
  feature: 'canUseBrandKits' | 'canSavePrivateTemplates',
  what: string,
): void {
  if (entitlements[feature]) return;
  throw new AppError('plan_required', 403, `${what} needs the Pro plan or above`, {
    plan: entitlements.plan,
    requiredPlan: 'pro',
  });
}
