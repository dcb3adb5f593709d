import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Project } from '../../lib/api';
import { initI18n } from '../../lib/i18n';
import { json, serve } from '../../test/fake-api';
import { useSession } from '../auth/auth.store';
import { useNotifications } from '../notifications/notifications.store';
import type { Generation, Quote, Sample } from './studio.api';
import { useStudio } from './studio.store';
import { StudioPage } from './studio-page';

const fail = (status: number, code: string, details?: unknown) =>
  json(status, { error: { code, message: code, details } });

const PROJECT = '11111111-1111-4111-8111-111111111111';
const GEN = '22222222-2222-4222-8222-222222222222';
const project: Project = {
  id: PROJECT,
  workbenchId: 'w1',
  name: 'Spring post',
  format: 'instagram_post',
  width: 1080,
  height: 1080,
  templateId: null,
  brandKitId: null,
  archived: false,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};
const quote = (over: Partial<Quote> = {}): Quote => ({
  plan: 'free',
  costs: { samples: 1, final_standard: 1, final_high: 2 },
  available: 100,
  watermark: true,
  canUseBrandKits: false,
  offline: true,
  ...over,
});
const sample = (index: number): Sample => ({
  id: `5${index}000000-0000-4000-8000-000000000000`,
  batch: 1,
  index,
  url: `https://storage.test/s${index}.png`,
  width: 512,
  height: 512,
  provider: 'offline',
  model: 'offline-preview',
  latencyMs: 5,
  offline: true,
});
let clock = 0;
const generation = (over: Partial<Generation> = {}): Generation => ({
  id: GEN,
  projectId: PROJECT,
  state: 'pending',
  prompt: 'A lemon on a blue table',
  format: 'instagram_post',
  width: 1080,
  height: 1080,
  brandKitId: null,
  style: null,
  tone: null,
  inputAssetIds: [],
  batch: 1,
  offline: true,
  samples: [],
  expectedSamples: 4,
  selection: null,
  final: null,
  costs: { samples: 1, final: null },
  error: null,
  createdAt: '2026-01-02T10:00:00Z',
  // Each answer is newer than the one before, as the server's would be.
  updatedAt: new Date(Date.UTC(2026, 0, 2, 10, 0, ++clock)).toISOString(),
  timings: { firstSampleMs: null, samplesMs: null, finalMs: null },
  ...over,
});

type Route = (body: unknown) => Response;
/** A fake /v1 answering by "METHOD /path" (a generation's own routes by its id); records the calls. */
const base = (over: Partial<Quote> = {}): Record<string, Route> => ({
  [`GET /v1/projects/${PROJECT}`]: () => json(200, project),
  'GET /v1/generations/quote': () => json(200, quote(over)),
  'GET /v1/generations': () => json(200, { items: [], nextCursor: null }),
  'GET /v1/brand-kits': () => fail(403, 'plan_required'),
});

function renderStudio(search = '') {
  const router = createMemoryRouter([{ path: '/projects/:projectId/studio', Component: StudioPage }], {
    initialEntries: [`/projects/${PROJECT}/studio${search}`],
  });
  render(<RouterProvider router={router} />);
  return router;
}

async function generate(prompt = 'A lemon on a blue table') {
  await userEvent.type(await screen.findByLabelText('Prompt'), prompt);
  await userEvent.click(screen.getByRole('button', { name: 'Generate 4 samples' }));
}

describe('studio page', () => {
  beforeAll(async () => {
    await initI18n('en-US');
    useSession.setState({
      status: 'signedIn',
      user: { id: 'u1', email: 'a@example.com', emailVerified: true },
    });
  });
  afterEach(() => {
    // Unmounted first: a reset on screen would read the quote and the history again.
    cleanup();
    vi.unstubAllGlobals();
    useStudio.getState().reset();
    useNotifications.setState({ status: 'idle' });
  });

  it('shows the cost before sending, and on 402 what would fix it instead of a bare error', async () => {
    const calls = serve({
      ...base({ available: 0 }),
      'POST /v1/generations': () =>
        fail(402, 'insufficient_credits', {
          needed: 1,
          available: 0,
          fix: ['buy_credits', 'upgrade'],
          billingUrl: '/billing',
        }),
    });
    renderStudio();
    expect(await screen.findByText('Credits for 4 samples: 1 · you have 0')).toBeTruthy();
    expect(screen.getByText('Credits for the final image: standard 1, high resolution 2.')).toBeTruthy();
    // Free: brand kits are a Pro feature, said up front.
    expect(await screen.findByText('Brand kits need the Pro plan or above.')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Prompt'), 'Hello');
    expect(screen.getByText('5 of 4,000 characters')).toBeTruthy();
    await userEvent.clear(screen.getByLabelText('Prompt'));
    await generate();

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Not enough credits.');
    expect(alert.textContent).toContain('Credits needed: 1 · you have: 0.');
    const buy = within(alert).getByRole('link', { name: 'Buy credits on the Billing page' });
    expect(buy.getAttribute('href')).toBe('/billing');
    expect(within(alert).getByRole('link', { name: 'Upgrade your plan on the Billing page' })).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      projectId: PROJECT,
      prompt: 'A lemon on a blue table',
      format: 'instagram_post',
    });
  });

  it('fills the four sample slots one by one as the stream pushes them, without polling', async () => {
    let reads = 0;
    serve({
      ...base(),
      'POST /v1/generations': () =>
        json(202, { id: GEN, state: 'pending', statusUrl: `/v1/generations/${GEN}` }),
      // Each read has one sample more; the fourth makes the batch ready for a choice.
      [`GET /v1/generations/${GEN}`]: () => {
        const n = Math.min(reads++, 4);
        return json(
          200,
          generation({
            state: n === 0 ? 'pending' : n < 4 ? 'processing_samples' : 'awaiting_selection',
            samples: [3, 0, 2, 1].slice(0, n).map(sample),
          }),
        );
      },
    });
    // As functions/stream sends them: progress per sample, then the stored "samples ready".
    const push = (event: string, data: unknown) =>
      act(() => useNotifications.getState().receive({ event, data: JSON.stringify(data) }));
    const sampleReady = () =>
      push('progress', { type: 'generation.sample_ready', data: { generationId: GEN }, at: '' });
    const router = renderStudio();
    await generate();
    expect(await screen.findByText('Queued: the samples start in a moment…')).toBeTruthy();
    expect(router.state.location.search).toBe(`?generation=${GEN}`);
    const slots = screen.getByRole('list', { name: 'Samples' });
    expect(within(slots).getAllByText(/on its way/)).toHaveLength(4);
    // Nothing is read again until something is pushed (the stream is the only clock here).
    await new Promise((r) => setTimeout(r, 1200));
    expect(reads).toBe(1);
    // Progress about another generation is not ours.
    push('progress', { type: 'generation.sample_ready', data: { generationId: 'other' }, at: '' });
    sampleReady();
    expect(await screen.findByText('Making samples: 1 of 4 ready…')).toBeTruthy();
    expect(reads).toBe(2);
    expect(within(slots).getByRole('img', { name: 'Sample 4' })).toBeTruthy();
    expect(within(slots).getAllByText(/on its way/)).toHaveLength(3);
    expect(screen.getByText('Offline preview — no AI model is configured.')).toBeTruthy();
    sampleReady();
    sampleReady();
    await waitFor(() => expect(reads).toBe(4));
    push('notification', {
      id: 1,
      type: 'generation.samples_ready',
      title: 'Samples are ready',
      data: { generationId: GEN, projectId: PROJECT },
      readAt: null,
      createdAt: '2026-01-02T10:00:00Z',
    });
    expect(await screen.findByText('4 of 4 samples ready. Choose one for the final image.')).toBeTruthy();
    expect(within(slots).getAllByRole('img')).toHaveLength(4);
    expect(within(slots).getByRole('img', { name: 'Sample 1' }).getAttribute('src')).toBe(
      'https://storage.test/s0.png',
    );
    expect(screen.getByLabelText('Standard (up to 2,048 px) · credits: 1')).toBeTruthy();
    expect(screen.getByLabelText('High resolution (up to 4,096 px) · credits: 2')).toBeTruthy();
  });

  it('falls back to a slow poll while the stream is down', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let reads = 0;
    serve({
      ...base(),
      [`GET /v1/generations/${GEN}`]: () => {
        reads++;
        return json(
          200,
          generation({
            state: reads < 2 ? 'pending' : 'processing_samples',
            samples: reads < 2 ? [] : [sample(0)],
          }),
        );
      },
    });
    useNotifications.setState({ status: 'down' });
    renderStudio(`?generation=${GEN}`);
    expect(await screen.findByText('Queued: the samples start in a moment…')).toBeTruthy();
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    expect(reads).toBe(1);
    await act(() => vi.advanceTimersByTimeAsync(5_500));
    expect(await screen.findByText('Making samples: 1 of 4 ready…')).toBeTruthy();
    vi.useRealTimers();
  });

  it('says in words when a select is refused (409 invalid_state) and shows the state it is in', async () => {
    let state: Generation['state'] = 'awaiting_selection';
    const calls = serve({
      ...base(),
      [`GET /v1/generations/${GEN}`]: () =>
        json(
          200,
          generation({
            state,
            samples: [0, 1, 2, 3].map(sample),
            ...(state === 'cancelled'
              ? { error: { code: 'cancelled', message: 'Cancelled in another tab.' } }
              : {}),
          }),
        ),
      [`POST /v1/generations/${GEN}/select`]: () => {
        state = 'cancelled';
        return fail(409, 'invalid_state', { state: 'cancelled' });
      },
    });
    renderStudio(`?generation=${GEN}`);
    await userEvent.click(await screen.findByLabelText('Choose sample 2'));
    await userEvent.click(screen.getByLabelText('High resolution (up to 4,096 px) · credits: 2'));
    await userEvent.click(screen.getByRole('button', { name: 'Make the final image' }));
    const alert = await screen.findByText('That is not possible any more: the generation has moved on.');
    expect(alert.closest('[role="alert"]')?.textContent).toContain('It is now: Cancelled.');
    expect(calls.find((c) => c.path.endsWith('/select'))?.body).toEqual({
      sampleId: sample(1).id,
      quality: 'high',
    });
    // The screen caught up with the server: the outcome, its reason, and that nothing was charged.
    expect(await screen.findByText('This generation was cancelled.')).toBeTruthy();
    expect(screen.getByText('Cancelled in another tab.')).toBeTruthy();
    expect(screen.getByText('Nothing was charged for the unfinished work.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel generation' })).toBeNull();
  });

  it('shows the final with its download and watermark note, and the history opens a generation', async () => {
    const other = '33333333-3333-4333-8333-333333333333';
    const done = generation({
      state: 'completed',
      samples: [0, 1, 2, 3].map(sample),
      selection: { sampleId: sample(2).id, quality: 'standard' },
      final: {
        assetId: 'a1',
        version: 1,
        url: 'https://storage.test/final.png',
        downloadUrl: 'https://storage.test/final.png?download=1',
        width: 1080,
        height: 1080,
        watermarked: true,
      },
      costs: { samples: 1, final: 1 },
    });
    const failed = generation({
      id: other,
      state: 'failed',
      prompt: 'A second try',
      error: { code: 'provider_unavailable', message: 'No image provider answered.' },
    });
    serve({
      ...base(),
      'GET /v1/generations': () => json(200, { items: [failed, done], nextCursor: null }),
      [`GET /v1/generations/${GEN}`]: () => json(200, done),
      [`GET /v1/generations/${other}`]: () => json(200, failed),
    });
    const router = renderStudio(`?generation=${GEN}`);
    const img = await screen.findByRole('img', { name: 'Final image, 1080 × 1080 px' });
    expect(img.getAttribute('src')).toBe('https://storage.test/final.png');
    expect(screen.getByRole('link', { name: 'Download' }).getAttribute('href')).toBe(
      'https://storage.test/final.png?download=1',
    );
    expect(screen.getByText('This image carries a watermark (Free plan).')).toBeTruthy();
    // Completed: a new batch may be asked for, nothing is left to cancel.
    expect(screen.getByRole('button', { name: 'Regenerate (new batch · credits: 1)' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel generation' })).toBeNull();
    // The form holds the opened generation's request.
    expect((screen.getByLabelText('Prompt') as HTMLTextAreaElement).value).toBe('A lemon on a blue table');

    const history = screen.getByRole('region', { name: 'History' });
    await userEvent.click(await within(history).findByRole('link', { name: /A second try/ }));
    await waitFor(() => expect(router.state.location.search).toBe(`?generation=${other}`));
    expect(await screen.findByText('This generation failed.')).toBeTruthy();
    expect(screen.getByText('No image provider answered.')).toBeTruthy();
  });
});
