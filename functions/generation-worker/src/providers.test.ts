import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newProject } from '../../../runner/src/test-support/creative';
import { generate, imageAt, ledgerOf, waitFor } from '../../../runner/src/test-support/generation';
import { type OpenAIFake, startOpenAIFake } from '../../../runner/src/test-support/openai-fake';
import type { TestPlatform } from '../../../runner/src/test-support/platform';
import { newUser, request, startIdentityPlatform } from '../../../runner/src/test-support/users';

const imageCalls = (fake: OpenAIFake, from = 0) =>
  fake.calls.slice(from).filter((c) => c.path === '/v1/images/generations').length;

/**
 * Two OpenAI-compatible servers: `openai` (also the moderation) and a second `compatible` one. Free
 * requests try `compatible` first (the self-hosted order), so it is the one these tests take down.
 */
describe('provider failures: breaker, fallback, all down', () => {
  let p: TestPlatform;
  let openai: OpenAIFake;
  let compatible: OpenAIFake;
  beforeAll(async () => {
    openai = await startOpenAIFake();
    compatible = await startOpenAIFake();
    p = await startIdentityPlatform({
      ...openai.env,
      OPENAI_COMPATIBLE_BASE_URL: compatible.env.OPENAI_BASE_URL,
      OPENAI_COMPATIBLE_API_KEY: compatible.env.OPENAI_API_KEY,
      AI_RETRY_BASE_MS: '20',
      AI_BREAKER_OPEN_MS: '5000',
      AI_BREAKER_PREFIX: `test:breaker:${crypto.randomUUID()}:`,
    });
  }, 120_000);
  afterAll(async () => {
    await p?.stop();
    await openai?.stop();
    await compatible?.stop();
  });

  const providersOf = (g: { samples: Array<{ provider: string }> }) => [
    ...new Set(g.samples.map((s) => s.provider)),
  ];

  it('opens the breaker of a provider that is down, falls back, and half-opens it later', {
    timeout: 90_000,
  }, async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    compatible.down(true);

    const first = await generate(p, user, { projectId, prompt: 'A fox in the snow' });
    const fellBack = await waitFor(p, user, first.id, ['awaiting_selection']);
    expect(fellBack.samples).toHaveLength(4);
    expect(providersOf(fellBack)).toEqual(['openai']);
    // 4 samples × 4 tries would be 16 calls: the breaker opened after 5 consecutive failures.
    const triedWhileClosing = imageCalls(compatible);
    expect(triedWhileClosing).toBeGreaterThanOrEqual(5);
    expect(triedWhileClosing).toBeLessThan(16);

    // While open, the provider is not called at all.
    const second = await generate(p, user, { projectId, prompt: 'A fox in the rain' });
    expect(providersOf(await waitFor(p, user, second.id, ['awaiting_selection']))).toEqual(['openai']);
    // (At most one trial call, should the breaker have half-opened already on a slow machine: it fails
    // again, as the provider is still down, and the breaker re-opens.)
    expect(imageCalls(compatible) - triedWhileClosing).toBeLessThanOrEqual(1);

    // After 5 s it half-opens: one trial call goes through, succeeds, and the breaker closes.
    compatible.down(false);
    await new Promise((r) => setTimeout(r, 5200));
    const before = imageCalls(compatible);
    const third = await generate(p, user, { projectId, prompt: 'A fox at night' });
    const trial = await waitFor(p, user, third.id, ['awaiting_selection']);
    expect(providersOf(trial)).toContain('compatible');
    expect(imageCalls(compatible, 0) - before).toBeGreaterThanOrEqual(1);
    const fourth = await generate(p, user, { projectId, prompt: 'A fox at noon' });
    expect(providersOf(await waitFor(p, user, fourth.id, ['awaiting_selection']))).toEqual(['compatible']);
  });

  it('all providers down: the generation fails and its credits come back', { timeout: 90_000 }, async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    compatible.down(true);
    openai.down(true);
    try {
      const { id } = await generate(p, user, { projectId, prompt: 'A quiet harbour' });
      const failed = await waitFor(p, user, id, ['failed']);
      expect(failed.error).toMatchObject({
        code: 'provider_unavailable',
        message: expect.stringMatching(/Nothing was charged/),
      });
      expect(failed.samples).toEqual([]);
      expect(await ledgerOf(p, id)).toEqual(['reserve:1', 'release:1']);
      const billing = await request(p, user, 'GET', '/v1/billing');
      expect(billing.body.credits).toMatchObject({ available: 100, reserved: 0 });
    } finally {
      compatible.down(false);
      openai.down(false);
    }
  });
});

describe('offline provider: the whole flow with no provider configured', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startIdentityPlatform();
  }, 120_000);
  afterAll(() => p?.stop());

  it('draws labelled previews, and the final is redrawn at size', { timeout: 90_000 }, async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const quote = await request(p, user, 'GET', `/v1/generations/quote?projectId=${projectId}`);
    expect(quote.body).toMatchObject({ offline: true, watermark: true });
    const { id } = await generate(p, user, { projectId, prompt: 'A summer sale poster', format: 'x_post' });
    const ready = await waitFor(p, user, id, ['awaiting_selection']);
    expect(ready.offline).toBe(true);
    expect(ready.samples).toHaveLength(4);
    for (const s of ready.samples) {
      expect(s).toMatchObject({ provider: 'offline', offline: true, width: 512, height: 288 });
      expect(await imageAt(s.url)).toEqual({ format: 'png', width: 512, height: 288 });
    }
    await request(p, user, 'POST', `/v1/generations/${id}/select`, {
      sampleId: ready.samples[1]!.id,
      quality: 'standard',
    });
    const done = await waitFor(p, user, id, ['completed']);
    expect(done.final).toMatchObject({ width: 1600, height: 900, upscaler: 'redraw', watermarked: true });
    expect(await imageAt((done.final as { downloadUrl: string }).downloadUrl)).toEqual({
      format: 'png',
      width: 1600,
      height: 900,
    });
    expect(await ledgerOf(p, id)).toEqual(['reserve:1', 'capture:1', 'reserve:1', 'capture:1']);
  });
});
