import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../../lib/i18n';
import { json, serve } from '../../test/fake-api';
import { useSession } from '../auth/auth.store';
import { DeveloperPage } from './developer-page';
import { WebhookEndpointPage } from './webhook-endpoint-page';
import type { WebhookDelivery, WebhookEndpoint } from './webhooks.api';

const ID = '6f1c2a56-3b0e-4a4e-9a52-0d7c3a1e9b11';
const endpoint = (over: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
  id: ID,
  url: 'https://hooks.example.com/atelier',
  description: '',
  eventTypes: ['generation.completed'],
  enabled: true,
  disabledAt: null,
  disabledReason: null,
  failureStreak: 0,
  createdAt: '2026-01-02T10:00:00Z',
  updatedAt: '2026-01-02T10:00:00Z',
  ...over,
});
const delivery = (over: Partial<WebhookDelivery>): WebhookDelivery => ({
  id: 'd0',
  endpointId: ID,
  eventType: 'generation.completed',
  state: 'delivered',
  attempts: 1,
  round: 1,
  lastStatus: 200,
  lastLatencyMs: 120,
  lastError: null,
  createdAt: '2026-01-03T10:00:00Z',
  updatedAt: '2026-01-03T10:00:01Z',
  deliveredAt: '2026-01-03T10:00:01Z',
  ...over,
});
const eventTypes = {
  items: [
    { type: 'generation.samples_ready', description: 'Samples ready.' },
    { type: 'generation.completed', description: 'Completed.' },
    { type: 'generation.failed', description: 'Failed.' },
  ],
};
const portal = {
  'GET /v1/developer/keys': () => json(200, { items: [] }),
  'GET /v1/developer/usage': () =>
    json(200, {
      days: [],
      keys: [],
      quota: { limit: 1000, used: 0, resetsAt: '2026-02-01T00:00:00Z' },
      rateLimit: { perMinute: 100 },
    }),
  'GET /v1/developer/webhooks/event-types': () => json(200, eventTypes),
};

function renderAt(path: string) {
  const router = createMemoryRouter(
    [
      { path: '/developer', Component: DeveloperPage },
      { path: '/developer/webhooks/:endpointId', Component: WebhookEndpointPage },
    ],
    { initialEntries: [path] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

describe('webhooks in the developer portal', () => {
  beforeAll(async () => {
    await initI18n('en-US');
    useSession.setState({
      status: 'signedIn',
      user: { id: 'u1', email: 'a@example.com', emailVerified: true },
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('adds an endpoint with chosen events and shows its signing secret once', async () => {
    const user = userEvent.setup();
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    let items: WebhookEndpoint[] = [];
    const calls = serve({
      ...portal,
      'GET /v1/developer/webhooks': () => json(200, { items, limit: 10 }),
      'POST /v1/developer/webhooks': () => {
        items = [endpoint({ eventTypes: ['generation.completed', 'generation.failed'] })];
        return json(201, { endpoint: items[0], secret });
      },
    });
    renderAt('/developer');
    const section = await screen.findByRole('region', { name: 'Webhooks' });
    await within(section).findByText('No endpoints yet.');
    await user.click(within(section).getByRole('button', { name: 'Add endpoint' }));

    const form = screen.getByRole('dialog', { name: 'Add a webhook endpoint' });
    await user.type(within(form).getByLabelText('Endpoint URL'), 'https://hooks.example.com/atelier');
    // The app's own words for known types, the server's description for the others.
    const completed = await within(form).findByRole('checkbox', { name: 'generation.completed' });
    expect(document.getElementById(completed.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'The final image is stored as a new asset version in the project.',
    );
    await user.click(within(form).getByRole('button', { name: 'Add endpoint' }));
    expect(await within(form).findByText('Choose at least one event.')).toBeTruthy();
    await user.click(within(form).getByRole('checkbox', { name: 'generation.failed' }));
    await user.click(completed);
    await user.click(within(form).getByRole('button', { name: 'Add endpoint' }));

    const shown = await screen.findByRole('dialog', { name: 'Signing secret' });
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      url: 'https://hooks.example.com/atelier',
      eventTypes: ['generation.completed', 'generation.failed'],
    });
    expect((within(shown).getByLabelText('Signing secret') as HTMLInputElement).value).toBe(secret);
    await user.click(within(shown).getByRole('button', { name: 'I have copied it' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    const list = within(section).getByRole('list', { name: 'Webhooks' });
    expect(
      within(list).getByRole('link', { name: 'https://hooks.example.com/atelier' }).getAttribute('href'),
    ).toBe(`/developer/webhooks/${ID}`);
    expect(within(list).getByText('generation.failed')).toBeTruthy();
    expect(document.body.innerHTML).not.toContain(secret);
  });

  it('says in plain words when the server refuses the address', async () => {
    const user = userEvent.setup();
    serve({
      ...portal,
      'GET /v1/developer/webhooks': () => json(200, { items: [], limit: 10 }),
      'POST /v1/developer/webhooks': () =>
        json(422, { error: { code: 'webhook_url_refused', message: 'private address' } }),
    });
    renderAt('/developer');
    await user.click(await screen.findByRole('button', { name: 'Add endpoint' }));
    const form = screen.getByRole('dialog', { name: 'Add a webhook endpoint' });
    await user.type(within(form).getByLabelText('Endpoint URL'), 'https://10.0.0.1/hook');
    await user.click(await within(form).findByRole('checkbox', { name: 'generation.completed' }));
    await user.click(within(form).getByRole('button', { name: 'Add endpoint' }));
    // Beside the URL field it concerns, not at the top of the form.
    const field = within(form).getByLabelText('Endpoint URL');
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    const described = (field.getAttribute('aria-describedby') ?? '').split(' ');
    expect(described.map((id) => document.getElementById(id)?.textContent)).toContain(
      'Webhooks can only go to public https addresses. This URL points somewhere private or cannot be reached.',
    );
    expect(within(form).queryByRole('alert')?.textContent ?? '').toBe('');
  });

  it('shows the delivery log, sends a test and redelivers', async () => {
    const user = userEvent.setup();
    let deliveries = [
      delivery({
        id: 'd2',
        state: 'failed',
        attempts: 6,
        lastStatus: 503,
        lastLatencyMs: 2500,
        lastError: 'HTTP 503',
        createdAt: '2026-01-04T10:00:00Z',
        updatedAt: '2026-01-04T12:00:00Z',
      }),
      delivery({ id: 'd1' }),
    ];
    const calls = serve({
      [`GET /v1/developer/webhooks/${ID}`]: () => json(200, endpoint()),
      [`GET /v1/developer/webhooks/${ID}/deliveries`]: () =>
        json(200, { items: deliveries, nextCursor: null }),
      [`POST /v1/developer/webhooks/${ID}/test`]: () => {
        const test = delivery({ id: 'd3', eventType: 'webhook.test', createdAt: '2026-01-05T10:00:00Z' });
        deliveries = [test, ...deliveries];
        return json(202, { delivery: test });
      },
      [`POST /v1/developer/webhooks/${ID}/deliveries/d2/redeliver`]: () =>
        json(202, { delivery: deliveries[1] }),
    });
    renderAt(`/developer/webhooks/${ID}`);
    await screen.findByRole('heading', { level: 2, name: 'https://hooks.example.com/atelier' });
    const log = await screen.findByRole('table', { name: 'Delivery log' });
    const rows = within(log).getAllByRole('row');
    expect(rows.map((r) => [...r.children].map((c) => c.textContent))).toEqual([
      ['Event', 'State', 'Tries', 'Response', 'Time taken', 'When', 'Actions'],
      [
        'generation.completedThe final image is stored as a new asset version in the project.',
        'Failed',
        '6',
        '503',
        '2,500 ms',
        expect.stringMatching(/^Jan 4, 2026/),
        expect.stringMatching(/^Send again/),
      ],
      [
        expect.stringMatching(/^generation\.completed/),
        'Delivered',
        '1',
        '200',
        '120 ms',
        expect.stringMatching(/^Jan 3, 2026/),
        expect.stringMatching(/^Send again/),
      ],
    ]);

    await user.click(screen.getByRole('button', { name: 'Send test event' }));
    await screen.findByText('Test event sent. It appears in the log below.');
    const after = within(screen.getByRole('table', { name: 'Delivery log' })).getAllByRole('row');
    expect(after).toHaveLength(4);
    expect(after[1]?.textContent).toMatch(/^webhook\.testA test event sent from this portal\.Delivered/);

    await user.click(within(after[2] as HTMLElement).getByRole('button', { name: /^Send again/ }));
    await screen.findByText('Sending generation.completed again.');
    expect(calls.filter((c) => c.path.endsWith('/redeliver'))).toHaveLength(1);
  });

  it('turns a disabled endpoint back on and deletes one after confirming', async () => {
    const user = userEvent.setup();
    let current = endpoint({
      enabled: false,
      disabledAt: '2026-01-04T00:00:00Z',
      disabledReason: 'failure_streak',
      failureStreak: 15,
    });
    const calls = serve({
      ...portal,
      'GET /v1/developer/webhooks': () => json(200, { items: [], limit: 10 }),
      [`GET /v1/developer/webhooks/${ID}`]: () => json(200, current),
      [`GET /v1/developer/webhooks/${ID}/deliveries`]: () => json(200, { items: [], nextCursor: null }),
      [`PATCH /v1/developer/webhooks/${ID}`]: () => {
        current = endpoint();
        return json(200, current);
      },
      [`DELETE /v1/developer/webhooks/${ID}`]: () => json(204),
    });
    const router = renderAt(`/developer/webhooks/${ID}`);
    await screen.findByText(/^Turned off after failing many times in a row/);
    expect(screen.getByTestId('failure-streak').textContent).toMatch(/^15/);
    expect(screen.getByText('Failures in a row')).toBeTruthy();
    expect(screen.getByText('Nothing sent yet. Send a test event to try the endpoint.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Turn on' }));
    await screen.findByText('The endpoint is on.');
    expect(screen.queryByTestId('failure-streak')).toBeNull();
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ enabled: true });
    expect(screen.getByRole('button', { name: 'Turn off' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Delete endpoint' }));
    const confirm = screen.getByRole('dialog', { name: 'Delete this endpoint?' });
    await user.click(within(confirm).getByRole('button', { name: 'Delete endpoint' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/developer'));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(true);
  });

  it('shows the signing secret again, and rotates it after confirming', async () => {
    const user = userEvent.setup();
    const current = 'whsec_Y3VycmVudC1zZWNyZXQtb2YtdGhlLWVuZHBvaW50';
    const rotated = 'whsec_bmV3LXNlY3JldC1hZnRlci1yb3RhdGlvbi0xMjM0';
    const calls = serve({
      [`GET /v1/developer/webhooks/${ID}`]: () => json(200, endpoint()),
      [`GET /v1/developer/webhooks/${ID}/deliveries`]: () => json(200, { items: [], nextCursor: null }),
      [`GET /v1/developer/webhooks/${ID}/secret`]: () => json(200, { secret: current }),
      [`POST /v1/developer/webhooks/${ID}/secret/rotate`]: () => json(200, { secret: rotated }),
    });
    renderAt(`/developer/webhooks/${ID}`);
    await user.click(await screen.findByRole('button', { name: 'Show signing secret' }));
    const shown = await screen.findByRole('dialog', { name: 'Signing secret' });
    expect((within(shown).getByLabelText('Signing secret') as HTMLTextAreaElement).value).toBe(current);
    await user.click(within(shown).getByRole('button', { name: 'I have copied it' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.body.innerHTML).not.toContain(current);

    await user.click(screen.getByRole('button', { name: 'Rotate secret' }));
    const confirm = screen.getByRole('dialog', { name: 'Rotate the signing secret?' });
    expect(calls.some((c) => c.path.endsWith('/rotate'))).toBe(false);
    await user.click(within(confirm).getByRole('button', { name: 'Rotate secret' }));
    const fresh = await screen.findByRole('dialog', { name: 'Signing secret' });
    expect((within(fresh).getByLabelText('Signing secret') as HTMLTextAreaElement).value).toBe(rotated);
    expect(within(fresh).getByText(/^This is the new secret, in use from now on/)).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST' && c.path.endsWith('/secret/rotate'))).toHaveLength(1);
    await user.click(within(fresh).getByRole('button', { name: 'I have copied it' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.body.innerHTML).not.toContain(rotated);
  });

  it('edits the URL, events and description, sending only what changed', async () => {
    const user = userEvent.setup();
    let current = endpoint();
    const calls = serve({
      ...portal,
      [`GET /v1/developer/webhooks/${ID}`]: () => json(200, current),
      [`GET /v1/developer/webhooks/${ID}/deliveries`]: () => json(200, { items: [], nextCursor: null }),
      [`PATCH /v1/developer/webhooks/${ID}`]: (sent) => {
        const body = sent as Partial<WebhookEndpoint>;
        if (body.url?.includes('10.0.0.1'))
          return json(422, { error: { code: 'webhook_url_refused', message: 'private address' } });
        current = endpoint({ ...body });
        return json(200, current);
      },
    });
    renderAt(`/developer/webhooks/${ID}`);
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const form = screen.getByRole('dialog', { name: 'Edit webhook endpoint' });
    const url = within(form).getByLabelText('Endpoint URL') as HTMLInputElement;
    expect(url.value).toBe('https://hooks.example.com/atelier');
    expect(
      ((await within(form).findByRole('checkbox', { name: 'generation.completed' })) as HTMLInputElement)
        .checked,
    ).toBe(true);
    await user.clear(url);
    await user.type(url, 'https://10.0.0.1/hook');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(url.getAttribute('aria-invalid')).toBe('true'));

    await user.clear(url);
    await user.type(url, 'https://hooks.example.com/v2');
    await user.click(within(form).getByRole('checkbox', { name: 'generation.failed' }));
    await user.type(within(form).getByLabelText('Description (optional)'), 'Production');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Changes saved.');
    expect(calls.filter((c) => c.method === 'PATCH').at(-1)?.body).toEqual({
      url: 'https://hooks.example.com/v2',
      eventTypes: ['generation.completed', 'generation.failed'],
      description: 'Production',
    });
    expect(screen.getByRole('heading', { level: 2, name: 'https://hooks.example.com/v2' })).toBeTruthy();
  });

  it('says a pending delivery whose last try failed is being retried, with its tries so far', async () => {
    serve({
      [`GET /v1/developer/webhooks/${ID}`]: () => json(200, endpoint({ failureStreak: 2 })),
      [`GET /v1/developer/webhooks/${ID}/deliveries`]: () =>
        json(200, {
          items: [
            delivery({
              id: 'd2',
              state: 'pending',
              attempts: 2,
              lastStatus: 500,
              lastError: 'HTTP 500',
              deliveredAt: null,
            }),
            delivery({
              id: 'd1',
              state: 'pending',
              attempts: 0,
              lastStatus: null,
              lastLatencyMs: null,
              deliveredAt: null,
            }),
            delivery({
              id: 'd0',
              state: 'failed',
              attempts: 6,
              lastStatus: null,
              lastLatencyMs: null,
              lastError: 'connection refused',
              deliveredAt: null,
            }),
          ],
          nextCursor: null,
        }),
    });
    renderAt(`/developer/webhooks/${ID}`);
    const log = await screen.findByRole('table', { name: 'Delivery log' });
    const rows = within(log).getAllByRole('row').slice(1);
    const cells = rows.map((r) => [...r.children].slice(1, 4).map((c) => c.textContent));
    expect(cells).toEqual([
      ['RetryingTries so far: 2', '2', '500'],
      ['Sending', '0', '—'],
      ['Failed', '6', 'connection refused'],
    ]);
    expect(rows[2]?.querySelector('.badge')?.className).toContain('developer-delivery--failed');
    expect(screen.getByTestId('failure-streak').textContent).toMatch(/^2/);
  });
});
