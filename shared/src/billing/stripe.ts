import Stripe from 'stripe';

/** What both the billing API and billing-worker need to reach Stripe. */
export interface StripeConfig {
  STRIPE_SECRET_KEY?: string | undefined;
  STRIPE_API_URL?: string | undefined;
  STRIPE_PRICE_PRO?: string | undefined;
  STRIPE_PRICE_TEAM?: string | undefined;
}

/**
 * A Stripe client, or null when no key is set (payments off). STRIPE_API_URL points it elsewhere (a
 * regional proxy, or the tests' double that speaks Stripe's REST protocol). No SDK retries: our callers
 * are retried as a whole (events) or answer the user.
 */
export function createStripe(config: StripeConfig): Stripe | null {
  if (!config.STRIPE_SECRET_KEY) return null;
  const url = config.STRIPE_API_URL ? new URL(config.STRIPE_API_URL) : null;
  return new Stripe(config.STRIPE_SECRET_KEY, {
    maxNetworkRetries: 0,
    timeout: 10_000,
    ...(url
      ? {
          host: url.hostname,
          port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
          protocol: url.protocol.replace(':', '') as 'http' | 'https',
        }
      : {}),
  });
}

/** The plans sold through Stripe and their recurring Price ids, both ways. */
export function stripePrices(config: StripeConfig) {
  const byPlan = { pro: config.STRIPE_PRICE_PRO, team: config.STRIPE_PRICE_TEAM };
  return {
    priceFor: (plan: 'pro' | 'team') => byPlan[plan],
    planFor: (priceId: string | undefined): 'pro' | 'team' | undefined =>
      priceId === byPlan.pro ? 'pro' : priceId === byPlan.team ? 'team' : undefined,
  };
}
