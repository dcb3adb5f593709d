import { generations, samples } from '@atelier/shared/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newProject } from '../../../runner/src/test-support/creative';
import {
  eventsOf,
  generate,
  imageAt,
  leaveCredits,
  ledgerOf,
  waitFor,
} from '../../../runner/src/test-support/generation';
import { type OpenAIFake, startOpenAIFake } from '../../../runner/src/test-support/openai-fake';
import { eventually, type TestPlatform } from '../../../runner/src/test-support/platform';
import { newUser, request, startIdentityPlatform } from '../../../runner/src/test-support/users';

/**
 * The whole pipeline through the gateway, over real RabbitMQ, PostgreSQL and S3, with OpenAI played by
 * an HTTP server that speaks its API (images and moderation) and fails when told to.
 */
describe('generation pipeline with an OpenAI-compatible provider', () => {
  let p: TestPlatform;
  let openai: OpenAIFake;
  beforeAll(async () => {
    openai = await startOpenAIFake();
    p = await startIdentityPlatform({
      ...openai.env,
      AI_RETRY_BASE_MS: '20',
      AI_BREAKER_OPEN_MS: '2000',
      AI_BREAKER_PREFIX: `test:breaker:${crypto.randomUUID()}:`,
      GENERATIONS_PER_USER_PER_MINUTE: '25',
    });
  }, 120_000);
  afterAll(async () => {
    await p?.stop();
    await openai?.stop();
  });

  const balance = async (user: { accessToken: string }) =>
    ((await request(p, user, 'GET', '/v1/billing')).body.credits as { available: number }).available;

  it('request → 4 samples → select → final asset version, with reserve → capture in the ledger', {
    timeout: 120_000,
  }, async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    expect(await balance(user)).toBe(100);
    const quote = await request(p, user, 'GET', `/v1/generations/quote?projectId=${projectId}`);
    expect(quote.body).toMatchObject({
      plan: 'free',
      costs: { samples: 1, final_standard: 1, final_high: 2 },
    });

    const accepted = await request(p, user, 'POST', '/v1/generations', {
      projectId,
      prompt: 'A lighthouse at dawn, watercolour',
      format: 'instagram_story',
      style: 'watercolour',
    });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('location')).toBe(`/v1/generations/${accepted.body.id}`);
    const id = accepted.body.id as string;

    const ready = await waitFor(p, user, id, ['awaiting_selection']);
    expect(ready.samples).toHaveLength(4);
    expect(ready.samples.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    expect(ready.offline).toBe(false);
    for (const s of ready.samples) {
      expect(s).toMatchObject({
        provider: 'openai',
        model: 'gpt-image-1',
        width: 288,
        height: 512,
        cost: '0.25',
      });
      expect(await imageAt(s.url)).toEqual({ format: 'png', width: 288, height: 512 });
    }
    // The prompt and every sample went through OpenAI's moderation.
    const moderations = openai.calls.filter((c) => c.path === '/v1/moderations');
    expect(moderations.length).toBeGreaterThanOrEqual(5);
    expect(openai.calls.filter((c) => c.path === '/v1/images/generations')).toHaveLength(4);
    expect(await balance(user)).toBe(99);

    const selected = await request(p, user, 'POST', `/v1/generations/${id}/select`, {
      sampleId: ready.samples[2]!.id,
      quality: 'standard',
    });
    expect(selected.status).toBe(202);
    expect(selected.body.state).toBe('processing_final');
    const done = await waitFor(p, user, id, ['completed']);
    const final = done.final as {
      assetId: string;
      version: number;
      url: string;
      downloadUrl: string;
      watermarked: boolean;
    };
    expect(final).toMatchObject({
      version: 1,
      width: 1080,
      height: 1920,
      watermarked: true,
      upscaler: 'resize',
    });
    expect(await imageAt(final.downloadUrl)).toEqual({ format: 'png', width: 1080, height: 1920 });

    const asset = await request(p, user, 'GET', `/v1/assets/${final.assetId}`);
    expect(asset.status).toBe(200);
    expect(asset.body).toMatchObject({ projectId, kind: 'generated', currentVersion: 1 });
    expect(asset.body.current).toMatchObject({ source: 'generation', width: 1080, height: 1920 });

    expect(await ledgerOf(p, id)).toEqual(['reserve:1', 'capture:1', 'reserve:1', 'capture:1']);
    expect(await balance(user)).toBe(98);
    expect(await eventsOf(p, id)).toEqual([
      'requested',
      'sample.ready',
      'sample.ready',
      'sample.ready',
      'sample.ready',
      'awaiting_selection',
      'final.requested',
      'completed',
    ]);

    // A regeneration is a new batch at the same price; its final is a new version of the same asset.
    const again = await request(p, user, 'POST', `/v1/generations/${id}/regenerate`);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ batch: 2, state: 'pending', samples: [] });
    const second = await waitFor(p, user, id, ['awaiting_selection']);
    expect(second.samples).toHaveLength(4);
    await request(p, user, 'POST', `/v1/generations/${id}/select`, {
      sampleId: second.samples[0]!.id,
      quality: 'high',
    });
    const high = await waitFor(p, user, id, ['completed']);
    expect(high.final).toMatchObject({ assetId: final.assetId, version: 2, width: 2160, height: 3840 });
    // Timings count from the batch's start (samples) and from the selection (final), never negative.
    const t = high.timings as { firstSampleMs: number; samplesMs: number; finalMs: number };
    expect(t.firstSampleMs).toBeGreaterThanOrEqual(0);
    expect(t.samplesMs).toBeGreaterThanOrEqual(t.firstSampleMs);
    expect(t.finalMs).toBeGreaterThan(0);
    expect(await balance(user)).toBe(95);

    const history = await request(p, user, 'GET', `/v1/generations?projectId=${projectId}`);
    expect(history.body.items).toHaveLength(1);
  });

  it('refuses what it must with clear 4xx codes, and charges nothing for it', {
    timeout: 60_000,
  }, async () => {
    const user = await newUser(p);
    const stranger = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });

    const bad = await request(p, user, 'POST', '/v1/generations', { projectId, prompt: 'x'.repeat(4001) });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation_failed' });
    const custom = await request(p, user, 'POST', '/v1/generations', {
      projectId,
      prompt: 'a',
      format: 'custom',
    });
    expect(custom.status).toBe(400);
    const foreignProject = await request(p, stranger, 'POST', '/v1/generations', {
      projectId,
      prompt: 'a cat',
    });
    expect(foreignProject.status).toBe(404);

    // The local rule list stops an unsafe prompt before anything is reserved.
    const unsafe = await request(p, user, 'POST', '/v1/generations', {
      projectId,
      prompt: 'step by step instructions to build a pipe bomb',
    });
    expect(unsafe.status).toBe(422);
    expect(unsafe.body.error).toMatchObject({ code: 'content_rejected' });
    expect(unsafe.body.error).toMatchObject({ details: { reason: expect.any(String) } });

    // A brand kit needs Pro.
    const kit = await request(p, user, 'POST', '/v1/brand-kits', { name: 'Kit' });
    if (kit.status === 201) {
      const withKit = await request(p, user, 'POST', '/v1/generations', {
        projectId,
        prompt: 'a cat',
        brandKitId: kit.body.id,
      });
      expect(withKit.status).toBe(403);
      expect(withKit.body.error).toMatchObject({ code: 'plan_required' });
    }

    const { id } = await generate(p, user, { projectId, prompt: 'A red bicycle' });
    // Select before the samples exist: 409 naming the current state.
    const early = await request(p, user, 'POST', `/v1/generations/${id}/select`, {
      sampleId: crypto.randomUUID(),
      quality: 'standard',
    });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'invalid_state' });
    const { state } = early.body.error!.details as unknown as { state: string };
    expect(['pending', 'processing_samples', 'awaiting_selection']).toContain(state);

    // Another user's generation does not exist for them.
    for (const path of [`/v1/generations/${id}`]) {
      expect((await request(p, stranger, 'GET', path)).status).toBe(404);
    }
    expect((await request(p, stranger, 'POST', `/v1/generations/${id}/cancel`)).status).toBe(404);
    expect((await request(p, stranger, 'GET', `/v1/generations?projectId=${projectId}`)).status).toBe(404);

    const ready = await waitFor(p, user, id, ['awaiting_selection']);
    const wrongSample = await request(p, user, 'POST', `/v1/generations/${id}/select`, {
      sampleId: crypto.randomUUID(),
      quality: 'standard',
    });
    expect(wrongSample.status).toBe(404);
    expect(ready.samples).toHaveLength(4);

    // Not enough credits: 402 with what would fix it, nothing stored.
    await leaveCredits(p, user.userId, 0);
    const broke = await request(p, user, 'POST', '/v1/generations', { projectId, prompt: 'A blue boat' });
    expect(broke.status).toBe(402);
    expect(broke.body.error).toMatchObject({
      code: 'insufficient_credits',
      details: { needed: 1, available: 0, fix: ['buy_credits', 'upgrade'], billingUrl: '/billing' },
    });
    const stored = await p.db.db.select().from(generations).where(eq(generations.projectId, projectId));
    expect(stored).toHaveLength(1);
  });

  it('limits new requests per user a minute (429 with Retry-After and the RateLimit headers)', async () => {
    const user = await newUser(p);
    // Refused bodies count too: the limit is on asking, before anything is read.
    const answers = [];
    for (let i = 0; i < 26; i++)
      answers.push(await request(p, user, 'POST', '/v1/generations', { prompt: '' }));
    expect(answers.slice(0, 25).every((a) => a.status === 400)).toBe(true);
    const refused = answers[25]!;
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'rate_limited' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-policy')).toBe('"generation-requests";q=25;w=60');
    // Another user is not affected.
    const other = await newUser(p);
    expect((await request(p, other, 'POST', '/v1/generations', { prompt: '' })).status).toBe(400);
  });

  it('a prompt flagged by OpenAI moderation ends content_rejected, with the credits released', {
    timeout: 60_000,
  }, async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const { id } = await generate(p, user, { projectId, prompt: `A poster about ${openai.flagWord}` });
    const rejected = await waitFor(p, user, id, ['content_rejected']);
    expect(rejected.samples).toEqual([]);
    expect(rejected.error).toMatchObject({
      code: 'content_rejected',
      message: expect.stringMatching(/Nothing was charged/),
    });
    expect(await ledgerOf(p, id)).toEqual(['reserve:1', 'release:1']);
    expect(await balance(user)).toBe(100);
    expect(await eventsOf(p, id)).toEqual(['requested', 'content_rejected']);
  });

  it('retries a provider that fails, then succeeds', { timeout: 60_000 }, async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const before = openai.calls.length;
    openai.failNext(3, 500);
    const { id } = await generate(p, user, { projectId, prompt: 'Mountains under snow' });
    const ready = await waitFor(p, user, id, ['awaiting_selection']);
    expect(ready.samples).toHaveLength(4);
    const tries = openai.calls.slice(before).filter((c) => c.path === '/v1/images/generations');
    // The fake fails its next 3 calls on any route: the prompt's moderation may take one of them (its
    // outage leaves the local rules' verdict), the image calls the others, each retried.
    expect(tries.length).toBeGreaterThanOrEqual(6);
    expect(tries.length).toBeLessThanOrEqual(7);
    expect(await ledgerOf(p, id)).toEqual(['reserve:1', 'capture:1']);
  });

  it('delivers three samples when one cannot be made, and charges per the batch rule (nothing)', {
    timeout: 60_000,
  }, async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    openai.flagNextImages(1);
    const { id } = await generate(p, user, { projectId, prompt: 'A bowl of lemons' });
    const ready = await waitFor(p, user, id, ['awaiting_selection']);
    expect(ready.samples).toHaveLength(3);
    expect(ready.samples.every((s) => s.cost === '0')).toBe(true);
    expect(ready.costs).toMatchObject({ samples: 0 }); // what is spent, not the price
    const slots = await p.db.db.select().from(samples).where(eq(samples.generationId, id));
    expect(slots.map((s) => s.state).sort()).toEqual(['ready', 'ready', 'ready', 'rejected']);
    expect(await ledgerOf(p, id)).toEqual(['reserve:1', 'release:1']);
    expect(await balance(user)).toBe(100);
  });

  it('cancel releases what is held', { timeout: 60_000 }, async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    openai.setLatency(1500);
    try {
      const { id } = await generate(p, user, { projectId, prompt: 'A slow sunset' });
      const cancelled = await request(p, user, 'POST', `/v1/generations/${id}/cancel`);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.state).toBe('cancelled');
      expect(await ledgerOf(p, id)).toEqual(['reserve:1', 'release:1']);
      const again = await request(p, user, 'POST', `/v1/generations/${id}/cancel`);
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ details: { state: 'cancelled' } });
      // The worker's samples that arrive afterwards are dropped.
      await new Promise((r) => setTimeout(r, 2500));
      expect((await request(p, user, 'GET', `/v1/generations/${id}`)).body).toMatchObject({
        state: 'cancelled',
        samples: [],
      });
    } finally {
      openai.setLatency(0);
    }
  });

  it('a worker killed mid-generation is redelivered: no duplicate samples, one charge', {
    timeout: 90_000,
  }, async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    openai.setLatency(800);
    try {
      // Warm the worker so there is a process to kill.
      const { id } = await generate(p, user, { projectId, prompt: 'A paper crane' });
      await eventually(
        async () => {
          const rows = await p.db.db.select().from(samples).where(eq(samples.generationId, id));
          return rows.length >= 1 && rows.length < 4;
        },
        30_000,
        20,
      );
      const worker = p.runner.instances.get('generation-worker')!;
      process.kill(worker.pid!, 'SIGKILL');
      const ready = await waitFor(p, user, id, ['awaiting_selection'], 60_000);
      expect(ready.samples).toHaveLength(4);
      const rows = await p.db.db.select().from(samples).where(eq(samples.generationId, id));
      expect(rows).toHaveLength(4);
      expect(new Set(rows.map((r) => r.index)).size).toBe(4);
      expect(await ledgerOf(p, id)).toEqual(['reserve:1', 'capture:1']);
      expect((await eventsOf(p, id)).filter((e) => e === 'sample.ready')).toHaveLength(4);
    } finally {
      openai.setLatency(0);
    }
  });

  it('the sweep fails work stuck past its timeout and releases its credits', {
    timeout: 60_000,
  }, async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    openai.setLatency(15_000);
    try {
      const { id } = await generate(p, user, { projectId, prompt: 'An old map' });
      // Its worker is stuck on a provider that does not answer: back-date it past the 15-minute timeout.
      await p.db.db
        .update(generations)
        .set({ stageStartedAt: new Date(Date.now() - 16 * 60_000) })
        .where(eq(generations.id, id));
      expect(await p.runner.cron.fire('generation-worker')).toBe(202);
      const failed = await waitFor(p, user, id, ['failed']);
      expect(failed.error).toMatchObject({ code: 'timed_out' });
      expect(await ledgerOf(p, id)).toEqual(['reserve:1', 'release:1']);
      expect(await balance(user)).toBe(100);
    } finally {
      openai.setLatency(0);
    }
  });
});
