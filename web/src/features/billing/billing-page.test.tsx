import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { StatusBanners } from '../../components/status-banners';
import type { AccountView } from '../../lib/api';
import type { BillingView, Catalog, LedgerEntry } from '../../lib/api/billing-types';
import { initI18n } from '../../lib/i18n';
import { json, serve } from '../../test/fake-api';
import { usePlan } from '../account/plan.store';
import { useSession } from '../auth/auth.store';
import { BillingPage } from './billing-page';
import { leaveFor } from './leave-for';

vi.mock('./leave-for', () => ({ leaveFor: vi.fn() }));

const catalog: Catalog = {
  currency: 'usd',
  plans: [
    ['free', 0, false, 100, 0],
    ['pro', 1900, false, 200, 2000],
    ['team', 4900, true, 200, 2000],
    ['enterprise', null, true, 200, 2000],
  ].map(([id, priceCents, perSeat, monthlyCredits, freeSampleBatches]) => ({
    id,
    name: String(id),
    priceCents,
    perSeat,
    monthlyCredits,
    freeSampleBatches,
    watermark: id === 'free',
    canUseBrandKits: id !== 'free',
    teams: id === 'team' || id === 'enterprise',
    sso: id === 'enterprise',
    selfServe: id === 'pro' || id === 'team',
  })) as Catalog['plans'],
  packs: [
    { id: 'credits_100', credits: 100, priceCents: 1000 },
    { id: 'credits_500', credits: 500, priceCents: 4000 },
    { id: 'credits_1500', credits: 1500, priceCents: 9900 },
  ],
  costs: { samples: 1, final_standard: 1, final_high: 2 },
};
const view = (available: number, over: Partial<BillingView> = {}): BillingView => ({
  owner: { type: 'user', id: 'u1' },
  canManage: true,
  manageBlocked: null,
  plan: 'free',
  entitlements: { monthlyCredits: 100, freeSampleBatches: 0, watermark: true },
  subscription: null,
  credits: {
    available,
    monthly: 100,
    purchased: available - 100,
    reserved: 0,
    monthlyExpiresAt: '2026-02-01T00:00:00Z',
    flagged: false,
    usage: { periodStart: '2026-01-01T00:00:00Z', sampleBatches: 0, freeSampleBatches: 0 },
  },
  providers: { stripe: true, paypal: false },
  ...over,
});
const grant: LedgerEntry = {
  id: 'l1',
  kind: 'grant',
  change: 100,
  held: 0,
  balanceAfter: 100,
  details: { plan: 'free' },
  createdAt: '2026-01-01T00:00:00Z',
};
const purchase: LedgerEntry = {
  ...grant,
  id: 'l2',
  kind: 'purchase',
  change: 500,
  balanceAfter: 600,
  details: { pack: 'credits_500', provider: 'stripe' },
};

const common = {
  'GET /v1/billing/catalog': () => json(200, catalog),
  'GET /v1/billing/invoices': () => json(200, { items: [], nextCursor: null }),
  'GET /v1/me/account': () => json(200, { plan: 'free', entitlements: {}, subscription: null, teams: [] }),
};

function renderAt(path: string) {
  const router = createMemoryRouter([{ path: '/billing', Component: BillingPage }], {
    initialEntries: [path],
  });
  render(<RouterProvider router={router} />);
  return router;
}

describe('billing page', () => {
  beforeAll(async () => {
    await initI18n('en-US');
    useSession.setState({
      status: 'signedIn',
      user: { id: 'u1', email: 'a@example.com', emailVerified: true },
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.mocked(leaveFor).mockClear();
  });

  it('shows the balance and history, and buys a pack with Stripe; PayPal off says why', async () => {
    const calls = serve({
      ...common,
      'GET /v1/billing': () => json(200, view(100)),
      'GET /v1/billing/ledger': () => json(200, { items: [grant], nextCursor: null }),
      'POST /v1/billing/checkout': () => json(200, { url: 'https://checkout.stripe.test/c/cs_1' }),
    });
    renderAt('/billing');
    const credits = await screen.findByRole('region', { name: 'Credits' });
    expect(within(credits).getByText('100', { selector: 'strong' })).toBeTruthy();
    expect(await screen.findByText('Monthly credits (Free)')).toBeTruthy();
    const plans = screen.getByRole('region', { name: 'Plan' });
    expect(within(plans).getByText('Current plan').closest('li')?.textContent).toMatch(/^Free/);

    const paypal = screen.getByRole('button', { name: 'PayPal: 500 credits for $40.00' });
    expect((paypal as HTMLButtonElement).disabled).toBe(true);
    expect(document.getElementById(paypal.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'PayPal is not set up on this server.',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Pay with card (Stripe): 500 credits for $40.00' }),
    );
    await waitFor(() => expect(leaveFor).toHaveBeenCalledWith('https://checkout.stripe.test/c/cs_1'));
    expect(calls.find((c) => c.path === '/v1/billing/checkout')?.body).toEqual({
      kind: 'pack',
      pack: 'credits_500',
    });
  });

  it('shows a pay-as-you-go API charge in the history with its amount and no credit change', async () => {
    const apiUsage: LedgerEntry = {
      ...grant,
      id: 'l3',
      kind: 'api_usage',
      change: 0,
      details: { operation: 'final_standard', reference: 'g1', amountCents: 5, currency: 'usd' },
      createdAt: '2026-01-02T00:00:00Z',
    };
    serve({
      ...common,
      'GET /v1/billing': () => json(200, view(100)),
      'GET /v1/billing/ledger': () => json(200, { items: [apiUsage, grant], nextCursor: null }),
    });
    renderAt('/billing');
    const row = (await screen.findByText('API usage (pay-as-you-go) — $0.05')).closest('li');
    expect(row?.textContent).not.toMatch(/Credits/);
    expect(row?.querySelector('strong')).toBeNull();
    expect(row?.textContent).toContain('balance 100');
  });

  it('after Stripe Checkout, polls until the credits arrive and shows the purchase', async () => {
    let reads = 0;
    serve({
      ...common,
      // The webhook lands after the browser: the first reads still show the old balance.
      'GET /v1/billing': () => json(200, view(++reads >= 3 ? 600 : 100)),
      'GET /v1/billing/ledger': () =>
        json(200, { items: reads >= 3 ? [purchase, grant] : [grant], nextCursor: null }),
    });
    const router = renderAt('/billing?checkout=success');
    expect(await screen.findByText('Payment received — your credits appear in a moment.')).toBeTruthy();
    expect(
      await screen.findByText('Payment received — your balance is up to date.', {}, { timeout: 8000 }),
    ).toBeTruthy();
    expect(await screen.findByText('Bought 500 credits (Stripe)')).toBeTruthy();
    expect(router.state.location.search).toBe('');
  }, 15_000);

  it('captures a PayPal order on return and reports an error in words', async () => {
    const calls = serve({
      ...common,
      'GET /v1/billing': () => json(200, view(100)),
      'GET /v1/billing/ledger': () => json(200, { items: [grant], nextCursor: null }),
      'POST /v1/billing/paypal/orders/O-1/capture': () => json(200, { state: 'completed', credits: 500 }),
    });
    renderAt('/billing?paypal=return&order=O-1');
    expect(await screen.findByText('Payment received — 500 credits were added.')).toBeTruthy();
    expect(calls.filter((c) => c.path.endsWith('/capture'))).toHaveLength(1);
  });

  it('adds seats to a live Team subscription in place, saying it applies now', async () => {
    const team = view(400, {
      owner: { type: 'team', id: 't1' },
      plan: 'team',
      subscription: {
        id: 's1',
        plan: 'team',
        status: 'active',
        seats: 2,
        currentPeriodEnd: '2026-02-01T00:00:00Z',
        cancelAtPeriodEnd: false,
        pendingPlan: null,
        pastDueSince: null,
        graceEndsAt: null,
        suspended: false,
        provider: 'stripe',
      },
    });
    const calls = serve({
      ...common,
      'GET /v1/billing': () => json(200, team),
      'GET /v1/billing/ledger': () => json(200, { items: [], nextCursor: null }),
      'POST /v1/billing/subscription': () => json(200, { subscription: { ...team.subscription, seats: 3 } }),
    });
    renderAt('/billing?teamId=t1');
    // Teams buy Team: Pro is not offered to them.
    expect(screen.queryByRole('button', { name: 'Switch to Pro' })).toBeNull();
    await userEvent.click(await screen.findByRole('button', { name: 'Change seats' }));
    const dialog = screen.getByRole('dialog', { name: 'Seats for Team' });
    await userEvent.clear(within(dialog).getByLabelText('Seats'));
    await userEvent.type(within(dialog).getByLabelText('Seats'), '3');
    expect(dialog.textContent).toMatch(/applies now/);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Confirm change' }));
    expect(await screen.findByText('Your plan is now Team.')).toBeTruthy();
    expect(calls.find((c) => c.path === '/v1/billing/subscription')?.body).toEqual({
      plan: 'team',
      seats: 3,
      teamId: 't1',
    });
  });

  it('offers a user Pro, and Team only from a team, and says when card payments are off', async () => {
    serve({
      ...common,
      'GET /v1/billing': () => json(200, view(100, { providers: { stripe: false, paypal: false } })),
      'GET /v1/billing/ledger': () => json(200, { items: [], nextCursor: null }),
    });
    renderAt('/billing');
    const pro = await screen.findByRole('button', { name: 'Upgrade to Pro' });
    expect((pro as HTMLButtonElement).disabled).toBe(true);
    expect(document.getElementById(pro.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Card payments are not set up on this server.',
    );
    expect(screen.queryByRole('button', { name: 'Upgrade to Team' })).toBeNull();
    expect(screen.getByText("For teams: buy it from the team's own billing page.")).toBeTruthy();
  });
});

describe('past-due banner', () => {
  it('shows on every page while the subscription is past due, with the way to billing', async () => {
    await initI18n('en-US');
    usePlan.setState({
      userId: 'u1',
      account: {
        plan: 'pro',
        entitlements: {} as AccountView['entitlements'],
        subscription: {
          status: 'past_due',
          currentPeriodEnd: '2026-02-01T00:00:00Z',
          cancelAtPeriodEnd: false,
        },
        teams: [],
      },
    });
    const router = createMemoryRouter([{ path: '/', Component: StatusBanners }]);
    render(<RouterProvider router={router} />);
    expect(await screen.findByText(/Your last payment did not go through/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to billing' }).getAttribute('href')).toBe('/billing');
  });
});
