import { orders, subscriptions } from '@atelier/shared/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTeam } from '../../../runner/src/test-support/creative';
import { eventually, type TestPlatform } from '../../../runner/src/test-support/platform';
import { type StripeFake, startStripeFake } from '../../../runner/src/test-support/stripe-fake';
import {
  newUser,
  request,
  startIdentityPlatform,
  type TestUser,
} from '../../../runner/src/test-support/users';

describe('billing API (Stripe through its REST protocol)', () => {
  let p: TestPlatform;
  let stripe: StripeFake;
  beforeAll(async () => {
    stripe = await startStripeFake();
    // PayPal stays unconfigured here: its routes must say so.
    p = await startIdentityPlatform({ ...stripe.env, PUBLIC_URL: 'http://atelier.test' });
  });
  afterAll(async () => {
    await p?.stop();
    await stripe?.close();
  });

  const call = (user: TestUser | undefined, method: string, path: string, body?: unknown) =>
    request(p, user, method, path, body);
  const lastRequest = (path: string) => stripe.requests.filter((r) => r.path === path).at(-1)!;

  /** A Pro subscriber through Checkout and the webhooks Stripe sends. */
  async function subscribed(user: TestUser, body: Record<string, unknown> = { kind: 'plan', plan: 'pro' }) {
    const res = await call(user, 'POST', '/v1/billing/checkout', body);
    expect(res.status).toBe(201);
    await stripe.completeCheckout(p.url, (res.body.url as string).split('/').pop()!);
    const teamId = body.teamId as string | undefined;
    await eventually(async () => {
      const b = await call(user, 'GET', `/v1/billing${teamId ? `?teamId=${teamId}` : ''}`);
      return b.body.subscription ? b : undefined;
    });
  }

  it('shows a new account on Free with its 100 monthly credits, and the grant in the history', async () => {
    const user = await newUser(p);
    const res = await call(user, 'GET', '/v1/billing');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      owner: { type: 'user', id: user.userId },
      canManage: true,
      plan: 'free',
      entitlements: { watermark: true, canUseBrandKits: false },
      subscription: null,
      credits: { available: 100, monthly: 100, purchased: 0, reserved: 0, flagged: false },
      providers: { stripe: true, paypal: false },
    });
    const ledger = await call(user, 'GET', '/v1/billing/ledger');
    expect(ledger.body.items).toEqual([
      expect.objectContaining({
        kind: 'grant',
        change: 100,
        held: 0,
        balanceAfter: 100,
        details: expect.objectContaining({ plan: 'free' }),
      }),
    ]);
    // The account view carries the same credits.
    const account = await call(user, 'GET', '/v1/me/account');
    expect(account.body.credits).toMatchObject({ available: 100, monthly: 100 });
  });

  it('lists the catalogue: four plans, three packs and what work costs', async () => {
    const user = await newUser(p);
    const res = await call(user, 'GET', '/v1/billing/catalog');
    expect((res.body.plans as Array<{ id: string }>).map((x) => x.id)).toEqual([
      'free',
      'pro',
      'team',
      'enterprise',
    ]);
    expect(res.body.packs).toContainEqual({ id: 'credits_500', credits: 500, priceCents: 4_000 });
    expect(res.body.costs).toEqual({ samples: 1, final_standard: 1, final_high: 2 });
  });

  it('sells Pro through Checkout: the subscription arrives by webhook with Pro’s entitlements and credits', async () => {
    const user = await newUser(p);
    await call(user, 'GET', '/v1/billing');
    await subscribed(user);
    const session = lastRequest('/v1/checkout/sessions').body;
    expect(session).toMatchObject({
      mode: 'subscription',
      line_items: [{ price: stripe.prices.pro, quantity: '1' }],
      success_url: 'http://atelier.test/billing?checkout=success',
      subscription_data: { metadata: { plan: 'pro' } },
    });
    const b = await call(user, 'GET', '/v1/billing');
    expect(b.body).toMatchObject({
      plan: 'pro',
      entitlements: { watermark: false, canUseBrandKits: true },
      subscription: { plan: 'pro', status: 'active', provider: 'stripe', cancelAtPeriodEnd: false },
      // Free's 100 of the month stay until the period's end, Pro's 200 come on top.
      credits: { monthly: 300, usage: { freeSampleBatches: 2000 } },
    });
    expect((await call(user, 'GET', '/v1/me/account')).body.plan).toBe('pro');
    // One live subscription: a second checkout is refused (change the plan instead).
    const again = await call(user, 'POST', '/v1/billing/checkout', { kind: 'plan', plan: 'pro' });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('conflict');
  });

  it('cancels at the period end and resumes, at Stripe and here', async () => {
    const user = await newUser(p);
    await subscribed(user);
    const cancel = await call(user, 'POST', '/v1/billing/subscription/cancel', {});
    expect(cancel.status).toBe(200);
    expect(cancel.body.subscription).toMatchObject({ cancelAtPeriodEnd: true, status: 'active' });
    expect(lastRequest(`/v1/subscriptions/${[...stripe.subscriptions.keys()].at(-1)}`).body).toEqual({
      cancel_at_period_end: 'true',
    });
    expect((await call(user, 'GET', '/v1/billing')).body.plan).toBe('pro');
    const resume = await call(user, 'POST', '/v1/billing/subscription/resume', {});
    expect(resume.body.subscription).toMatchObject({ cancelAtPeriodEnd: false });
  });

  it('a team buys Team per seat; more seats apply now (prorated), fewer from the next period', async () => {
    const { owner, teamId, members } = await newTeam(p, ['editor']);
    const q = `?teamId=${teamId}`;
    await subscribed(owner, { kind: 'plan', plan: 'team', teamId });
    expect(lastRequest('/v1/checkout/sessions').body.line_items).toEqual([
      { price: stripe.prices.team, quantity: '2' },
    ]);
    const team = await call(owner, 'GET', `/v1/billing${q}`);
    expect(team.body).toMatchObject({
      plan: 'team',
      owner: { type: 'team', id: teamId },
      credits: { monthly: 400 },
    });
    const more = await call(owner, 'POST', '/v1/billing/subscription', { plan: 'team', seats: 5, teamId });
    expect(more.body.subscription).toMatchObject({ seats: 5, pendingPlan: null });
    const ref = [...stripe.subscriptions.keys()].at(-1)!;
    expect(stripe.subscriptions.get(ref)!.last_proration_behavior).toBe('always_invoice');
    const fewer = await call(owner, 'POST', '/v1/billing/subscription', { plan: 'team', seats: 3, teamId });
    expect(fewer.status).toBe(200);
    expect(stripe.subscriptions.get(ref)!.last_proration_behavior).toBe('none');
    // Members see the team's billing; changing it takes an admin.
    const seen = await call(members.editor!, 'GET', `/v1/billing${q}`);
    expect(seen.body).toMatchObject({ plan: 'team', canManage: false, manageBlocked: 'role' });
    const denied = await call(members.editor!, 'POST', '/v1/billing/subscription/cancel', { teamId });
    expect(denied.status).toBe(403);
    // Users buy Pro, teams buy Team.
    const wrong = await call(owner, 'POST', '/v1/billing/checkout', { kind: 'plan', plan: 'team' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error?.details).toEqual([{ path: 'teamId', message: 'is required for the Team plan' }]);
  });

  it('answers 404 for a team the caller is not in, everywhere', async () => {
    const { teamId } = await newTeam(p);
    const stranger = await newUser(p);
    for (const [method, path, body] of [
      ['GET', `/v1/billing?teamId=${teamId}`],
      ['GET', `/v1/billing/ledger?teamId=${teamId}`],
      ['GET', `/v1/billing/invoices?teamId=${teamId}`],
      ['POST', '/v1/billing/checkout', { kind: 'pack', pack: 'credits_100', teamId }],
      ['POST', '/v1/billing/portal', { teamId }],
    ] as const) {
      const res = await call(stranger, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
  });

  it('opens the customer portal for the Stripe customer, returning to the billing page', async () => {
    const user = await newUser(p);
    const res = await call(user, 'POST', '/v1/billing/portal', {});
    expect(res.status).toBe(201);
    expect(res.body.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/p\/session\//);
    expect(lastRequest('/v1/billing_portal/sessions').body).toMatchObject({
      return_url: 'http://atelier.test/billing',
    });
  });

  it('pages the history newest first', async () => {
    const user = await newUser(p);
    await call(user, 'GET', '/v1/billing');
    const res = await call(user, 'POST', '/v1/billing/checkout', { kind: 'pack', pack: 'credits_100' });
    await stripe.completeCheckout(p.url, (res.body.url as string).split('/').pop()!);
    await eventually(
      async () =>
        ((await call(user, 'GET', '/v1/billing')).body.credits as { purchased: number }).purchased === 100,
    );
    const first = await call(user, 'GET', '/v1/billing/ledger?limit=1');
    expect((first.body.items as Array<{ kind: string }>).map((e) => e.kind)).toEqual(['purchase']);
    const second = await call(
      user,
      'GET',
      `/v1/billing/ledger?limit=1&cursor=${first.body.nextCursor as string}`,
    );
    expect((second.body.items as Array<{ kind: string }>).map((e) => e.kind)).toEqual(['grant']);
    expect(second.body.nextCursor).toBeNull();
    const invoices = await call(user, 'GET', '/v1/billing/invoices');
    expect(invoices.body.items).toEqual([
      expect.objectContaining({
        kind: 'invoice',
        totalCents: 1_000,
        currency: 'usd',
        description: '100 credits',
      }),
    ]);
  });

  it('answers clear 4xx for bad input, 401 without sign-in, 503 for an unconfigured provider', async () => {
    const user = await newUser(p);
    const cases: Array<[string, string, unknown, number, string]> = [
      ['POST', '/v1/billing/checkout', { kind: 'pack', pack: 'credits_7' }, 400, 'validation_failed'],
      ['POST', '/v1/billing/checkout', { kind: 'plan', plan: 'enterprise' }, 400, 'validation_failed'],
      ['POST', '/v1/billing/checkout', { kind: 'plan', plan: 'pro', extra: 1 }, 400, 'validation_failed'],
      ['POST', '/v1/billing/checkout', 'not json', 400, 'invalid_json'],
      ['POST', '/v1/billing/subscription', { plan: 'team', seats: 0 }, 400, 'validation_failed'],
      ['POST', '/v1/billing/subscription', { plan: 'pro' }, 409, 'conflict'],
      ['GET', '/v1/billing/ledger?cursor=nonsense', undefined, 400, 'validation_failed'],
      ['GET', '/v1/billing?teamId=not-a-uuid', undefined, 400, 'validation_failed'],
      ['POST', '/v1/billing/paypal/orders', { pack: 'credits_100' }, 503, 'payments_not_configured'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const res = await call(user, method, path, body);
      expect([res.status, res.body.error?.code], `${method} ${path} ${JSON.stringify(body)}`).toEqual([
        status,
        code,
      ]);
    }
    expect((await call(undefined, 'GET', '/v1/billing')).status).toBe(401);
  });

  it('Stripe down: checkout answers 503 and writes nothing', async () => {
    const user = await newUser(p);
    await call(user, 'POST', '/v1/billing/portal', {});
    stripe.down = true;
    try {
      const res = await call(user, 'POST', '/v1/billing/checkout', { kind: 'pack', pack: 'credits_500' });
      expect([res.status, res.body.error?.code]).toEqual([503, 'dependency_unavailable']);
    } finally {
      stripe.down = false;
    }
    const account = (await call(user, 'GET', '/v1/billing')).body.credits as { accountId: string };
    expect(await p.db.db.select().from(orders).where(eq(orders.accountId, account.accountId))).toEqual([]);
    expect(
      await p.db.db.select().from(subscriptions).where(eq(subscriptions.ownerUserId, user.userId)),
    ).toEqual([]);
  });
});
