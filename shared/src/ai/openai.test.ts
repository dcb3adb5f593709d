import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenAIFake, startOpenAIFake } from '../../../runner/src/test-support/openai-fake';
import { createLogger } from '../log';
import { createRedis } from '../redis';
import { createBreaker } from './breaker';
import { createOpenAIProvider, requestSize } from './openai';
import { createImageChain } from './resilience';
import { aiFromConfig } from './setup';

let fake: OpenAIFake;
const redis = createRedis({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
const prefix = `test:ai-openai:${randomUUID()}:`;
const log = createLogger({ name: 'ai-test', level: 'silent' });
beforeAll(async () => {
  fake = await startOpenAIFake();
});
afterAll(async () => {
  await fake?.stop();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

const provider = (over: { apiKey?: string; model?: string } = {}) =>
  createOpenAIProvider({
    apiKey: over.apiKey ?? fake.env.OPENAI_API_KEY,
    baseURL: fake.baseURL,
    model: over.model ?? 'gpt-image-1',
    moderationModel: 'omni-moderation-latest',
    timeoutMs: 5000,
  });
const chainOf = (p: ReturnType<typeof provider>) =>
  createImageChain({
    providers: [p],
    redis,
    log,
    retry: { retries: 3, baseMs: 1, maxMs: 5 },
    breaker: createBreaker(redis, { prefix: `${prefix}${randomUUID()}:` }),
    timeoutMs: 5000,
  });
const meta = async (png: Buffer) => {
  const m = await sharp(png).metadata();
  return { width: m.width, height: m.height, format: m.format };
};
const tiny = () =>
  sharp({ create: { width: 16, height: 16, channels: 3, background: '#888' } })
    .png()
    .toBuffer();
const last = () => fake.calls.at(-1)!;

describe('sizes asked of OpenAI models', () => {
  it('picks the supported size nearest in aspect, or the exact size for other models', () => {
    expect(requestSize('gpt-image-1', 512, 512)).toBe('1024x1024');
    expect(requestSize('gpt-image-1', 512, 288)).toBe('1536x1024');
    expect(requestSize('gpt-image-1', 288, 512)).toBe('1024x1536');
    expect(requestSize('gpt-image-1', 512, 480)).toBe('1024x1024');
    expect(requestSize('dall-e-3', 512, 288)).toBe('1792x1024');
    expect(requestSize('dall-e-3', 400, 512)).toBe('1024x1024');
    expect(requestSize('dall-e-2', 300, 200)).toBe('512x512');
    expect(requestSize('flux-schnell', 512, 288)).toBe('512x288');
  });
});

describe('OpenAI provider against the fake', () => {
  it('generates an exact-size PNG, asking the nearest supported size', async () => {
    const r = await provider().generate({ prompt: 'a red kite', width: 512, height: 288 });
    expect(await meta(r.png)).toEqual({ width: 512, height: 288, format: 'png' });
    expect(r).toMatchObject({ width: 512, height: 288, model: 'gpt-image-1' });
    expect(last()).toEqual({
      path: '/v1/images/generations',
      body: { model: 'gpt-image-1', prompt: 'a red kite', n: 1, size: '1536x1024' },
    });
  });

  it('asks DALL·E for base64 and any other model for the exact size', async () => {
    await provider({ model: 'dall-e-3' }).generate({ prompt: 'x', width: 300, height: 300 });
    expect(last().body).toMatchObject({ model: 'dall-e-3', size: '1024x1024', response_format: 'b64_json' });
    const r = await provider({ model: 'local-sd' }).generate({ prompt: 'x', width: 320, height: 200 });
    expect(last().body).toMatchObject({ model: 'local-sd', size: '320x200' });
    expect(await meta(r.png)).toEqual({ width: 320, height: 200, format: 'png' });
  });

  it('moderates text: flagged with plain words, or clean', async () => {
    const p = provider();
    expect(await p.moderateText('a bowl of apples')).toEqual({
      flagged: false,
      categories: [],
      reason: null,
    });
    const v = await p.moderateText(`a ${fake.flagWord} poster`);
    expect(v).toEqual({
      flagged: true,
      categories: ['violence'],
      reason: "This can't be made. It describes violence against people.",
    });
    expect(last().body).toEqual({ model: 'omni-moderation-latest', input: `a ${fake.flagWord} poster` });
  });

  it('moderates an image as a data URL part', async () => {
    const p = provider();
    expect((await p.moderateImage(await tiny())).flagged).toBe(false);
    const body = last().body as { input: Array<{ type: string; image_url: { url: string } }> };
    expect(body.input[0]!.type).toBe('image_url');
    expect(body.input[0]!.image_url.url).toMatch(/^data:image\/png;base64,iVBOR/);
    fake.flagNextImages(1);
    expect(await p.moderateImage(await tiny())).toMatchObject({ flagged: true, categories: ['sexual'] });
    expect((await p.moderateImage(await tiny())).flagged).toBe(false);
  });

  it('a wrong key is 401, tried once, never retried', async () => {
    const before = fake.calls.length;
    const err = await chainOf(provider({ apiKey: 'sk-wrong' }))
      .generate({ prompt: 'x', width: 64, height: 64 })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'provider_unavailable',
      details: { tried: [{ provider: 'openai', outcome: 'failed', status: 401, code: 'invalid_api_key' }] },
    });
    expect(fake.calls.length - before).toBe(1);
  });

  it('retries a 500 and a 429 through the chain, then succeeds', async () => {
    fake.failNext(1, 500);
    fake.failNext(1, 429);
    const r = await chainOf(provider()).generate({ prompt: 'retry me', width: 64, height: 64 });
    expect(r).toMatchObject({ provider: 'openai', attempts: 3, width: 64, height: 64 });
  });

  it("turns OpenAI's safety refusal into content_rejected, not retried", async () => {
    const before = fake.calls.length;
    const err = await chainOf(provider())
      .generate({ prompt: `a ${fake.flagWord}`, width: 64, height: 64 })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'content_rejected',
      status: 422,
      details: { categories: ['provider_policy'] },
    });
    expect((err as Error).message).toMatch(/declined this prompt/);
    expect(fake.calls.length - before).toBe(1);
  });

  it('with nothing configured: the offline drawing alone, and offline', async () => {
    const ai = aiFromConfig(
      {
        OPENAI_IMAGE_MODEL: 'gpt-image-1',
        OPENAI_MODERATION_MODEL: 'omni-moderation-latest',
        AI_TIMEOUT_MS: 5000,
        AI_RETRIES: 3,
        AI_RETRY_BASE_MS: 1,
        AI_BREAKER_OPEN_MS: 30_000,
      },
      { redis, log, breaker: { prefix } },
    );
    expect(ai.offline).toBe(true);
    expect(await ai.isOffline()).toBe(true);
    expect(ai.generators.map((g) => g.name)).toEqual(['offline']);
    expect(ai.moderators).toEqual({ text: [], image: [] });
    expect(ai.upscaler).toBeUndefined();
    const r = await ai.chainFor('free').generate({ prompt: 'x', width: 128, height: 128, variant: 1 });
    expect(r).toMatchObject({ provider: 'offline', offline: true });
  });
});

describe('aiFromConfig', () => {
  const config = {
    OPENAI_API_KEY: 'sk-test',
    OPENAI_IMAGE_MODEL: 'gpt-image-1',
    OPENAI_MODERATION_MODEL: 'omni-moderation-latest',
    AI_TIMEOUT_MS: 5000,
    AI_RETRIES: 1,
    AI_RETRY_BASE_MS: 1,
    AI_BREAKER_OPEN_MS: 30_000,
  };

  it('orders providers by plan: paid OpenAI first, Free the pool first', () => {
    const ai = aiFromConfig(
      { ...config, GPU_POOL_URL: 'http://127.0.0.1:1/v1' },
      { redis, log, breaker: { prefix } },
    );
    expect(ai.offline).toBe(false);
    expect(ai.generators.map((g) => g.name)).toEqual(['openai', 'gpu-pool']);
    expect(ai.chainFor('pro').providers.map((g) => g.name)).toEqual(['openai', 'gpu-pool']);
    expect(ai.chainFor('enterprise').providers.map((g) => g.name)).toEqual(['openai', 'gpu-pool']);
    expect(ai.chainFor('free').providers.map((g) => g.name)).toEqual(['gpu-pool', 'openai']);
    expect(ai.chainFor('team')).toBe(ai.chainFor('pro'));
    expect(ai.moderators.text).toHaveLength(1);
    expect(ai.moderators.image).toHaveLength(2);
    expect(ai.upscaler).toBeDefined();
  });

  it('skips a pool that cannot generate, and with no OpenAI ends on the offline drawing', async () => {
    const ai = aiFromConfig(
      { ...config, OPENAI_API_KEY: undefined, GPU_POOL_URL: 'http://127.0.0.1:1/v1' },
      { redis, log, breaker: { prefix } },
    );
    expect(ai.chainFor('free').providers.map((g) => g.name)).toEqual(['gpu-pool', 'offline']);
    expect(await ai.isOffline()).toBe(true);
    const r = await ai.chainFor('free').generate({ prompt: 'x', width: 64, height: 64 });
    expect(r).toMatchObject({ provider: 'offline', offline: true, attempts: 1 });
  });

  it('an OpenAI-compatible server without a key is configured by its URL alone', async () => {
    const ai = aiFromConfig(
      { ...config, OPENAI_API_KEY: undefined, OPENAI_BASE_URL: fake.baseURL },
      { redis, log, breaker: { prefix } },
    );
    expect(ai.offline).toBe(false);
    expect(ai.generators.map((g) => g.name)).toEqual(['openai']);
    // The fake wants its key: the dummy one is refused, as a keyless server would accept it.
    const err = await ai
      .chainFor('pro')
      .generate({ prompt: 'x', width: 64, height: 64 })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'provider_unavailable' });
  });
});
