import { apiScopes as sharedScopes } from '@atelier/shared/developer/scopes';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../../lib/i18n';
import { json, serve } from '../../test/fake-api';
import { useSession } from '../auth/auth.store';
import { fillDays } from './components/usage-chart';
import { type ApiKey, apiScopes, type Usage } from './developer.api';
import { useDeveloper } from './developer.store';
import { DeveloperPage } from './developer-page';

const today = new Date().toISOString().slice(0, 10);
const key = (over: Partial<ApiKey> = {}): ApiKey => ({
  id: 'k1',
  name: 'Production server',
  prefix: 'atl_live_pub1',
  scopes: ['generations:read', 'generations:write'],
  billing: 'credits',
  state: 'active',
  createdAt: '2026-01-02T10:00:00Z',
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  lastUsedIp: null,
  ...over,
});
const usage: Usage = {
  days: [{ day: today, requests: 42, generations: 3 }],
  keys: [{ keyId: 'k1', name: 'Production server', prefix: 'atl_live_pub1', requests: 42, generations: 3 }],
  quota: { limit: 10_000, used: 1234, resetsAt: '2026-02-01T00:00:00Z' },
  rateLimit: { perMinute: 100 },
};
const quietEndpoints = {
  'GET /v1/developer/webhooks': () => json(200, { items: [], limit: 10 }),
  'GET /v1/developer/usage': () => json(200, usage),
};

function renderPage() {
  const router = createMemoryRouter([{ path: '/developer', Component: DeveloperPage }], {
    initialEntries: ['/developer'],
  });
  render(<RouterProvider router={router} />);
}

describe('developer portal', () => {
  beforeAll(async () => {
    await initI18n('en-US');
    useSession.setState({
      status: 'signedIn',
      user: { id: 'u1', email: 'a@example.com', emailVerified: true },
    });
  });
  beforeEach(() => useDeveloper.setState({ keys: null, usage: null, keysError: null, usageError: null }));
  afterEach(() => vi.unstubAllGlobals());

  it('lists the same scopes as the server', () => {
    expect([...apiScopes]).toEqual([...sharedScopes]);
  });

  it('creates a key and shows its secret once, with a Copy button', async () => {
    const user = userEvent.setup();
    const secret = 'atl_live_pub2_s3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3t0';
    let keys: ApiKey[] = [];
    const calls = serve({
      ...quietEndpoints,
      'GET /v1/developer/keys': () => json(200, { items: keys }),
      'POST /v1/developer/keys': () => {
        keys = [key({ id: 'k2', name: 'CI', prefix: 'atl_live_pub2', billing: 'metered' })];
        return json(201, { key: keys[0], secret });
      },
    });
    renderPage();
    await screen.findByText('No keys yet. Create one to call the API.');
    await user.click(screen.getByRole('button', { name: 'Create key' }));

    const form = screen.getByRole('dialog', { name: 'Create an API key' });
    await user.type(within(form).getByLabelText('Name'), 'CI');
    // Each scope with what it allows in plain words (its description is the checkbox's description).
    const assets = within(form).getByRole('checkbox', { name: 'assets:read' });
    expect(document.getElementById(assets.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'List and download your assets.',
    );
    await user.click(assets);
    await user.click(within(form).getByRole('checkbox', { name: 'generations:read' }));
    await user.type(within(form).getByLabelText('Expires after (days, optional)'), '90');
    await user.click(within(form).getByRole('radio', { name: 'Pay as you go' }));
    expect(within(form).getByText('$0.05 a generation, added to your invoice.')).toBeTruthy();
    await user.click(within(form).getByRole('button', { name: 'Create key' }));

    const shown = await screen.findByRole('dialog', { name: 'Your new key “CI”' });
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'CI',
      scopes: ['generations:write', 'assets:read'],
      billing: 'metered',
      expiresInDays: 90,
    });
    expect(within(shown).getByText(/It will not be shown again/)).toBeTruthy();
    expect((within(shown).getByLabelText('API key') as HTMLInputElement).value).toBe(secret);
    await user.click(within(shown).getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe(secret);
    expect(within(shown).getByText('Copied to the clipboard.')).toBeTruthy();

    await user.click(within(shown).getByRole('button', { name: 'I have copied it' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // Gone for good: the list shows only the prefix.
    const list = screen.getByRole('list', { name: 'API keys' });
    expect(within(list).getByText('atl_live_pub2…')).toBeTruthy();
    expect(within(list).getByText('Pay as you go')).toBeTruthy();
    expect(document.body.innerHTML).not.toContain(secret);
  });

  it('shows a refused name beside the field (400) and keeps the dialog open', async () => {
    const user = userEvent.setup();
    serve({
      ...quietEndpoints,
      'GET /v1/developer/keys': () => json(200, { items: [] }),
      'POST /v1/developer/keys': () =>
        json(400, {
          error: {
            code: 'validation_failed',
            message: 'Invalid request body',
            details: [{ path: 'name', message: 'Too big' }],
          },
        }),
    });
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Create key' }));
    const form = screen.getByRole('dialog', { name: 'Create an API key' });
    await user.type(within(form).getByLabelText('Name'), 'x'.repeat(20));
    await user.click(within(form).getByRole('button', { name: 'Create key' }));
    const name = within(form).getByLabelText('Name');
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(`${name.id}-error`)?.textContent).toBe(
      'Enter a name (it cannot be empty or too long).',
    );
    expect(within(form).getByRole('alert')).toBeTruthy();
  });

  it('asks for at least one scope before sending', async () => {
    const user = userEvent.setup();
    const calls = serve({ ...quietEndpoints, 'GET /v1/developer/keys': () => json(200, { items: [] }) });
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Create key' }));
    const form = screen.getByRole('dialog', { name: 'Create an API key' });
    await user.type(within(form).getByLabelText('Name'), 'Empty');
    await user.click(within(form).getByRole('checkbox', { name: 'generations:read' }));
    await user.click(within(form).getByRole('checkbox', { name: 'generations:write' }));
    await user.click(within(form).getByRole('button', { name: 'Create key' }));
    expect(await within(form).findByText('Choose at least one.')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('revokes a key after confirming, and says why when revoking fails', async () => {
    const user = userEvent.setup();
    let keys = [
      key({ lastUsedAt: new Date(Date.now() - 3 * 60_000).toISOString(), lastUsedIp: '203.0.113.9' }),
    ];
    let fail = true;
    const calls = serve({
      ...quietEndpoints,
      'GET /v1/developer/keys': () => json(200, { items: keys }),
      'DELETE /v1/developer/keys/k1': () => {
        if (fail) return json(429, { error: { code: 'rate_limited', message: 'slow down' } });
        keys = [key({ state: 'revoked', revokedAt: '2026-01-05T00:00:00Z' })];
        return json(200, { key: keys[0] });
      },
    });
    renderPage();
    const list = await screen.findByRole('list', { name: 'API keys' });
    expect(within(list).getByText('Last used 3 minutes ago from 203.0.113.9')).toBeTruthy();
    expect(within(list).getByText('Does not expire')).toBeTruthy();

    await user.click(within(list).getByRole('button', { name: 'Revoke Production server' }));
    let confirm = screen.getByRole('dialog', { name: 'Revoke “Production server”?' });
    await user.click(within(confirm).getByRole('button', { name: 'Revoke key' }));
    expect((await within(confirm).findByRole('alert')).textContent).toMatch(/too many/i);
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    fail = false;
    await user.click(within(list).getByRole('button', { name: 'Revoke Production server' }));
    confirm = screen.getByRole('dialog', { name: 'Revoke “Production server”?' });
    await user.click(within(confirm).getByRole('button', { name: 'Revoke key' }));
    await screen.findByText('The key “Production server” was revoked.');
    const after = screen.getByRole('list', { name: 'API keys' });
    expect(within(after).getByText('Revoked')).toBeTruthy();
    expect(within(after).queryByRole('button', { name: /Revoke/ })).toBeNull();
    expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(2);
  });

  it('shows usage: today, 30 days, quota and rate limit, with the figures as a table', async () => {
    serve({ ...quietEndpoints, 'GET /v1/developer/keys': () => json(200, { items: [] }) });
    renderPage();
    const section = await screen.findByRole('region', { name: 'Usage' });
    await within(section).findByText('1,234 of 10,000 requests');
    expect(within(section).getByText('100 requests a minute per key')).toBeTruthy();
    expect(section.querySelector('[data-testid="usage-today"]')?.textContent).toBe(
      'Requests: 42, generations: 3',
    );
    expect(
      within(section).getByRole('img', { name: 'Requests and generations per day, last 30 days' }),
    ).toBeTruthy();
    const table = within(section).getByRole('table', {
      name: 'Requests and generations per day, last 30 days',
    });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(31);
    expect(rows[1]?.textContent).toMatch(/42.*3$/);
    const byKey = within(section).getByRole('table', { name: 'By key' });
    expect(within(byKey).getAllByRole('row')[1]?.textContent).toBe('Production server atl_live_pub1…423');
    expect(within(section).getByRole('meter', { name: 'Monthly quota' })).toBeTruthy();
  });

  it('says when the monthly quota is spent, with the way to a bigger plan', async () => {
    serve({
      ...quietEndpoints,
      'GET /v1/developer/keys': () => json(200, { items: [] }),
      'GET /v1/developer/usage': () =>
        json(200, { ...usage, quota: { limit: 1000, used: 1000, resetsAt: '2026-02-01T00:00:00Z' } }),
    });
    renderPage();
    const section = await screen.findByRole('region', { name: 'Usage' });
    const spent = await within(section).findByTestId('quota-spent');
    expect(spent.textContent).toMatch(
      /^You have used all of this month’s requests: API calls are refused until February 1, 2026\./,
    );
    expect(
      within(spent).getByRole('link', { name: 'Upgrade your plan for a bigger quota' }).getAttribute('href'),
    ).toBe('/billing');
    expect(within(section).getByText('Counts can lag behind by up to a minute.')).toBeTruthy();
  });

  it('shows scopes in the order of the scope list, whatever the server’s order', async () => {
    serve({
      ...quietEndpoints,
      'GET /v1/developer/keys': () =>
        json(200, { items: [key({ scopes: ['webhooks:manage', 'assets:read', 'generations:write'] })] }),
    });
    renderPage();
    const chips = await screen.findByRole('list', { name: 'Scopes' });
    expect(
      within(chips)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['generations:write', 'assets:read', 'webhooks:manage']);
  });

  it('says why usage could not be read', async () => {
    serve({
      'GET /v1/developer/keys': () => json(200, { items: [] }),
      'GET /v1/developer/webhooks': () => json(200, { items: [], limit: 10 }),
      'GET /v1/developer/usage': () => json(503, { error: { code: 'function_unavailable', message: 'x' } }),
    });
    renderPage();
    const section = await screen.findByRole('region', { name: 'Usage' });
    expect((await within(section).findByRole('alert')).textContent).not.toBe('');
  });

  it('links to the API docs and the OpenAPI document', async () => {
    serve({ ...quietEndpoints, 'GET /v1/developer/keys': () => json(200, { items: [] }) });
    renderPage();
    expect((await screen.findByRole('link', { name: 'API reference' })).getAttribute('href')).toBe(
      '/v1/docs',
    );
    expect(screen.getByRole('link', { name: 'OpenAPI document (JSON)' }).getAttribute('href')).toBe(
      '/v1/openapi.json',
    );
  });
});

describe('fillDays', () => {
  it('gives every day of the window, oldest first, zeros where the server had nothing', () => {
    const days = fillDays([{ day: '2026-03-01', requests: 5, generations: 1 }], 3, '2026-03-02');
    expect(days).toEqual([
      { day: '2026-02-28', requests: 0, generations: 0 },
      { day: '2026-03-01', requests: 5, generations: 1 },
      { day: '2026-03-02', requests: 0, generations: 0 },
    ]);
  });
});
