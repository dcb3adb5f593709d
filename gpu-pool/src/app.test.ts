import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@atelier/shared/log';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import OpenAI from 'openai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app';
import { ModelPool } from './batching/pool';
import { moderateImages } from './moderation/serve';
import { defaultRepository, readRepository } from './repository/load';

const log = createLogger({ name: 'gpu-pool-test', level: 'silent' });
let app: Hono;
let pool: ModelPool;
let client: OpenAI;
let close: () => void;

beforeAll(async () => {
  pool = new ModelPool(
    readRepository(defaultRepository, { names: ['esrgan-slim-x2', 'esrgan-slim-x4', 'nsfw-mobilenet-v2'] }),
    {
      maxQueue: 64,
    },
  );
  app = await createApp({
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
  const { port } = server.address() as AddressInfo;
  client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  close?.();
  await pool?.close();
});

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#3a7' } })
    .png()
    .toBuffer();

describe('gpu-pool over HTTP', () => {
  it('is not ready until every model loaded and answered its warm-up', async () => {
    const before = await app.request('/_/health');
    expect(before.status).toBe(503);
    expect(((await before.json()) as { checks: { models: { error: string } } }).checks.models.error).toMatch(
      /loading: 0\/3 ready, loading esrgan-slim-x2/,
    );

    await pool.load({ log });

    const after = await app.request('/_/health');
    expect(after.status).toBe(200);
  });

  it('lists its models to the openai SDK, with task, runtime and execution provider', async () => {
    const ids: string[] = [];
    for await (const m of client.models.list()) {
      ids.push(m.id);
      expect(m).toMatchObject({ object: 'model', owned_by: 'atelier-gpu-pool', runtime: 'tfjs' });
      expect(m).toHaveProperty('execution_provider', 'wasm');
    }
    expect(ids).toEqual(['esrgan-slim-x2', 'esrgan-slim-x4', 'nsfw-mobilenet-v2']);
    expect((await client.models.retrieve('esrgan-slim-x4')).id).toBe('esrgan-slim-x4');
  });

  it('upscales through HTTP to exact dimensions, as JSON and as a PNG', async () => {
    const image = (await png(45, 30)).toString('base64');
    const res = await client.post<{ width: number; height: number; data: { b64_json: string }[] }>(
      '/images/upscale',
      { body: { image: `data:image/png;base64,${image}`, scale: 4 } },
    );
    expect([res.width, res.height]).toEqual([180, 120]);
    const meta = await sharp(Buffer.from(res.data[0]!.b64_json, 'base64')).metadata();
    expect([meta.width, meta.height]).toEqual([180, 120]);

    const form = new FormData();
    form.set('image', new Blob([new Uint8Array(await png(20, 12))], { type: 'image/png' }), 'a.png');
    form.set('scale', '2');
    form.set('response_format', 'png');
    const raw = await app.request('/v1/images/upscale', { method: 'POST', body: form });
    expect(raw.headers.get('content-type')).toBe('image/png');
    const out = await sharp(Buffer.from(await raw.arrayBuffer())).metadata();
    expect([out.width, out.height]).toEqual([40, 24]);

    // A named model brings its factor: no `scale` needed.
    const named = await client.post<{ width: number; height: number }>('/images/upscale', {
      body: { image, model: 'esrgan-slim-x4' },
    });
    expect([named.width, named.height]).toEqual([180, 120]);
  });

  it('answers generations with 501 not_implemented, read by the SDK as an APIError', async () => {
    const err = await client.images.generate({ prompt: 'a cat', model: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(501);
    expect((err as InstanceType<typeof OpenAI.APIError>).code).toBe('not_implemented');
  });

  it('refuses bad input with 400 and a code, in OpenAI error shape', async () => {
    const post = (body: unknown) =>
      app.request('/v1/images/upscale', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const remote = await post({ image: 'https://example.com/a.png', scale: 2 });
    expect(remote.status).toBe(400);
    expect(((await remote.json()) as { error: unknown }).error).toMatchObject({
      type: 'invalid_request_error',
      code: 'validation_failed',
      param: 'image',
      details: { reason: 'remote_url_refused' },
    });
    const badScale = await post({ image: 'aGVsbG8=', scale: 'big' });
    expect(badScale.status).toBe(400);
    expect(((await badScale.json()) as { error: { param: string } }).error.param).toBe('scale');
    const noModel = await post({ image: (await png(8, 8)).toString('base64'), scale: 8 });
    expect(noModel.status).toBe(404);
    expect(((await noModel.json()) as { error: { code: string } }).error.code).toBe('model_not_found');
    const notImage = await post({ image: 'aGVsbG8=', scale: 2 });
    expect(notImage.status).toBe(415);
  });

  it('exposes the pool metrics with the execution provider', async () => {
    const body = await (await app.request('/_/metrics')).text();
    expect(body).toMatch(/gpu_pool_model_info\{.*model="esrgan-slim-x4".*execution_provider="wasm".*\} 1/);
    expect(body).toMatch(/gpu_pool_batch_size_count\{.*model="esrgan-slim-x4".*\} [1-9]/);
  });
});

describe('gpu-pool start-up', () => {
  it('exits 1 naming the model and the file when a model file is corrupt', () => {
    const root = mkdtempSync(join(tmpdir(), 'gpu-pool-main-'));
    mkdirSync(join(root, 'broken-sr', '1'), { recursive: true });
    writeFileSync(
      join(root, 'broken-sr', '1', 'config.json'),
      JSON.stringify({
        task: 'upscale',
        runtime: 'tfjs',
        source: { file: 'model.json' },
        scale: 2,
        input: { shape: [16, 16, 3] },
        output: { shape: [32, 32, 3] },
      }),
    );
    writeFileSync(join(root, 'broken-sr', '1', 'model.json'), 'not json');
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'main.ts')], {
      env: { ...process.env, GPU_POOL_MODELS: root, PORT: '0', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `model broken-sr: cannot load ${join(root, 'broken-sr', '1', 'model.json')}`,
    );
  });

  it('moderates images for the openai SDK: a neutral photograph is not flagged, text is not judged', async () => {
    const photo = await sharp(join(import.meta.dirname, 'test-fixtures', 'coffee-whole.png'))
      .png()
      .toBuffer();
    const res = await client.moderations.create({
      model: 'nsfw-mobilenet-v2',
      input: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${photo.toString('base64')}` } }],
    });
    expect(res.model).toBe('nsfw-mobilenet-v2');
    expect(res.results).toHaveLength(1);
    expect(res.results[0]!.flagged).toBe(false);
    expect(res.results[0]!.category_scores.sexual).toBeLessThan(0.5);
    expect(res.results[0]!.category_applied_input_types.sexual).toEqual(['image']);
    // Code written for OpenAI names OpenAI's model: the pool's moderation model answers.
    const text = await client.moderations.create({
      model: 'omni-moderation-latest',
      input: ['hello', 'world'],
    });
    expect(text.results.map((r) => [r.flagged, r.category_scores.sexual])).toEqual([
      [false, 0],
      [false, 0],
    ]);
    const remote = await app.request('/v1/moderations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        input: [{ type: 'image_url', image_url: { url: 'http://169.254.169.254/x.png' } }],
      }),
    });
    expect(remote.status).toBe(400);
  });
});
