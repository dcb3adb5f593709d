import type { DbOrTx } from '../db';
import type { planIds } from '../db/schema';
import { AppError } from '../errors';
import { liveSubscription } from './subscriptions';

export type PlanId = (typeof planIds)[number];

/**
 * What each plan allows (PRODUCT.md §5). Other functions ask `entitlementsFor()`, never the plan name.
 * `monthlyCredits` is per seat for per-seat plans; `freeSampleBatches` is the fair-use allowance of
 * sample batches a period that cost nothing (beyond it they cost credits as on Free). Prices in US cents
 * a month (a seat); Enterprise is priced by contract and set up by ops (`npm run atelier -- billing`).
 * `apiRequestsPerMonth`: public API requests a month with the owner's API keys (0 = no quota).
 */
export const plans = {
  free: {
    name: 'Free',
    apiRequestsPerMonth: 1_000,
    monthlyCredits: 100,
    priceCents: 0,
    perSeat: false,
    selfServe: false,
    freeSampleBatches: 0,
    freeStandardFinals: false,
    watermark: true,
    canUseBrandKits: false,
    canSavePrivateTemplates: false,
    teams: false,
    sso: false,
  },
  pro: {
    name: 'Pro',
    apiRequestsPerMonth: 50_000,
    monthlyCredits: 200,
    priceCents: 1900,
    perSeat: false,
    selfServe: true,
    freeSampleBatches: 2_000,
    freeStandardFinals: true,
    watermark: false,
    canUseBrandKits: true,
    canSavePrivateTemplates: true,
    teams: false,
    sso: false,
  },
  team: {
    name: 'Team',
    apiRequestsPerMonth: 250_000,
    monthlyCredits: 200,
    priceCents: 4900,
    perSeat: true,
    selfServe: true,
    freeSampleBatches: 2_000,
    freeStandardFinals: true,
    watermark: false,
    canUseBrandKits: true,
    canSavePrivateTemplates: true,
    teams: true,
    sso: false,
  },
  enterprise: {
    name: 'Enterprise',
    apiRequestsPerMonth: 0,
    monthlyCredits: 200,
    priceCents: null,
    perSeat: true,
    selfServe: false,
    freeSampleBatches: 2_000,
    freeStandardFinals: true,
    watermark: false,
    canUseBrandKits: true,
    canSavePrivateTemplates: true,
    teams: true,
    sso: true,
  },
} as const satisfies Record<PlanId, object>;
export type Entitlements = (typeof plans)[PlanId] & { plan: PlanId };

/** What a plan allows, with its id. */
export const entitlementsOf = (plan: PlanId): Entitlements => ({ ...plans[plan], plan });

/** The plan in force for a user alone or for a team: its live subscription's, else Free. */
export async function entitlementsFor(
  db: DbOrTx,
  owner: { userId: string } | { teamId: string },
): Promise<Entitlements> {
  return entitlementsOf((await liveSubscription(db, owner))?.plan ?? 'free');
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

/** What the studio's work costs in credits (PRODUCT.md §5) before a plan's allowances. */
export const costs = { samples: 1, final_standard: 1, final_high: 2 } as const;
export type Operation = keyof typeof costs;

/** Credit packs: bought once, never expire, spent after the month's credits. Prices in US cents. */
export const packs = {
  credits_100: { credits: 100, priceCents: 1_000 },
  credits_500: { credits: 500, priceCents: 4_000 },
  credits_1500: { credits: 1_500, priceCents: 9_900 },
} as const;
export type PackId = keyof typeof packs;
export const packIds = Object.keys(packs) as [PackId, ...PackId[]];
export const CURRENCY = 'usd';
