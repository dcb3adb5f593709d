import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The real pool, in-process, as its own tests start it (gpu-pool/src/app.test.ts).
import { createApp } from '../../../gpu-pool/src/app';
import { ModelPool } from '../../../gpu-pool/src/batching/pool';
import { moderateImages } from '../../../gpu-pool/src/moderation/serve';
import { defaultRepository, readRepository } from '../../../gpu-pool/src/repository/load';
import { createLogger } from '../log';
import { createGpuPoolClient, type GpuPoolClient } from './gpu-pool';

const log = createLogger({ name: 'ai-gpu-pool-test', level: 'silent' });
let pool: ModelPool;
let client: GpuPoolClient;
let close: () => void;

beforeAll(async () => {
  pool = new ModelPool(
    readRepository(defaultRepository, { names: ['esrgan-slim-x2', 'nsfw-mobilenet-v2'] }),
    {
      maxQueue: 16,
    },
  );
  const app = await createApp({
    pool,
    log,
    version: 'test',
    bodyLimitBytes: 4 * 1024 * 1024,
    moderate: moderateImages,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  close = () => server.close();
  await pool.load({ log });
  const { port } = server.address() as AddressInfo;
  client = createGpuPoolClient({ baseURL: `http://127.0.0.1:${port}/v1/`, timeoutMs: 30_000 });
});
afterAll(async () => {
  close?.();
  await pool?.close();
});

describe('gpu-pool client against the real pool', () => {
  it('upscales a 32×32 PNG ×2 to 64×64', async () => {
    const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#3a7' } })
      .png()
      .toBuffer();
    const out = await client.upscale(png, 2);
    const m = await sharp(out).metadata();
    expect({ width: m.width, height: m.height, format: m.format }).toEqual({
      width: 64,
      height: 64,
      format: 'png',
    });
  });

  it('refuses a scale it has no model for, as a non-retryable 404', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    await expect(client.upscale(png, 4)).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
      retryable: false,
    });
  });

  it('moderates an image with the pool model', async () => {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3a7' } })
      .png()
      .toBuffer();
    expect(await client.moderateImage(png)).toEqual({ flagged: false, categories: [], reason: null });
  });

  it('cannot generate: no text-to-image model is served, and its provider is unavailable', async () => {
    expect(await client.canGenerate()).toBe(false);
    expect(await client.generator.available?.()).toBe(false);
  });
});
