import type { PlanId } from './creative-types';

/** The answers of functions/billing (`/v1/billing`), as the screens read them. */

export type SubscriptionStatus = 'trialing' | 'active' | 'past_due' | 'cancelled' | 'expired';
export type SelfServePlan = 'pro' | 'team';
export type PackId = 'credits_100' | 'credits_500' | 'credits_1500';
export type PaymentProvider = 'stripe' | 'paypal';

export interface Subscription {
  id: string;
  plan: PlanId;
  status: SubscriptionStatus;
  seats: number;
  currentPeriodEnd: string;
  cancelAtPeriodEnd: boolean;
  /** A downgrade waiting for the period's end. */
  pendingPlan: PlanId | null;
  pastDueSince: string | null;
  graceEndsAt: string | null;
  /** Chargeable work is stopped until the payment goes through (dunning's last step). */
  suspended: boolean;
  provider: string;
}

/** GET /v1/billing(?teamId=): the plan in force and the credit balance of a user or a team. */
export interface BillingView {
  owner: { type: 'user' | 'team'; id: string };
  /** May change the plan and buy credits (a team's owners and admins; always the user for themself). */
  canManage: boolean;
  /** Why not, for a team: the caller's role, or two-step sign-in missing on their account. */
  manageBlocked: 'role' | 'mfa_required' | null;
  plan: PlanId;
  entitlements: { monthlyCredits: number; freeSampleBatches: number; watermark: boolean } & Record<
    string,
    unknown
  >;
  subscription: Subscription | null;
  credits: {
    available: number;
    monthly: number;
    purchased: number;
    reserved: number;
    monthlyExpiresAt: string | null;
    /** Taken back (refund, chargeback) below zero: chargeable work is blocked. */
    flagged: boolean;
    usage: { periodStart: string; sampleBatches: number; freeSampleBatches: number };
  };
  providers: Record<PaymentProvider, boolean>;
}

export interface CatalogPlan {
  id: PlanId;
  name: string;
  /** US cents a month (a seat when `perSeat`); null: priced by contract. */
  priceCents: number | null;
  perSeat: boolean;
  monthlyCredits: number;
  freeSampleBatches: number;
  watermark: boolean;
  canUseBrandKits: boolean;
  teams: boolean;
  sso: boolean;
  selfServe: boolean;
}

export interface Catalog {
  currency: string;
  plans: CatalogPlan[];
  packs: Array<{ id: PackId; credits: number; priceCents: number }>;
  costs: { samples: number; final_standard: number; final_high: number };
}

export type LedgerKind =
  | 'grant'
  | 'purchase'
  | 'reserve'
  | 'capture'
  | 'release'
  | 'refund'
  | 'chargeback'
  | 'expiry'
  | 'adjustment'
  /** A pay-as-you-go API charge: money on the invoice (details.amountCents), no credits (change 0). */
  | 'api_usage';

export interface LedgerEntry {
  id: string;
  kind: LedgerKind;
  /** Signed change of the spendable credits. */
  change: number;
  /** Signed change of the credits held for work in progress. */
  held: number;
  balanceAfter: number;
  details: {
    plan?: PlanId;
    pack?: PackId;
    operation?: string;
    reference?: string | null;
    reason?: string;
    provider?: string;
    periodEnd?: string;
    credits?: number;
    /** api_usage: the charge in the currency's minor unit, and that currency ('usd'). */
    amountCents?: number;
    currency?: string;
  };
  createdAt: string;
}

export interface Invoice {
  id: string;
  number: string;
  kind: 'invoice' | 'credit_note';
  description: string;
  /** In the currency's minor unit (cents), as Stripe counts. */
  totalCents: number;
  currency: string;
  issuedAt: string;
  hostedUrl: string | null;
  provider: string;
}

export interface PaypalCapture {
  state: string;
  credits: number;
}
