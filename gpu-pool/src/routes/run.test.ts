import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '@atelier/shared/log';
import type { Hono } from 'hono';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { ModelPool } from '../batching/pool';
import { moderateImages } from '../moderation/serve';
import { readRepository } from '../repository/load';
import { tinySuperResolutionOnnx } from '../runtime/fixtures/tiny-sr';

const log = createLogger({ name: 'gpu-pool-test', level: 'silent' });
// Inside the workspace (ignored by git) so the nsfwjs package resolves from the repository folder.
const dataDir = join(import.meta.dirname, '../../../.data');
mkdirSync(dataDir, { recursive: true });
const repo = mkdtempSync(join(dataDir, 'gpu-pool-run-'));
let app: Hono;
let pool: ModelPool;

function model(name: string, config: object, onnx?: Uint8Array) {
  const dir = join(repo, name, '1');
  mkdirSync(dir, { recursive: true });
  if (onnx) writeFileSync(join(dir, 'model.onnx'), onnx);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
}

beforeAll(async () => {
  model(
    'tiny-restore',
    {
      task: 'image-to-image',
      runtime: 'onnx',
      source: { file: 'model.onnx' },
      input: { shape: [3, 8, 8], layout: 'NCHW' },
      output: { shape: [3, 16, 16], layout: 'NCHW' },
    },
    tinySuperResolutionOnnx(),
  );
  model('nsfw-classes', {
    task: 'image-classification',
    runtime: 'tfjs',
    source: { npm: 'nsfwjs', path: 'MobileNetV2' },
    input: { shape: [224, 224, 3], range: [0, 1] },
    output: { shape: [5] },
    labels: ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'],
  });
  pool = new ModelPool(readRepository(repo), { maxQueue: 16 });
  app = await createApp({ pool, log, version: 'test', bodyLimitBytes: 1 << 22, moderate: moderateImages });
  await pool.load({ log, providers: ['cpu'] });
});
afterAll(async () => {
  await pool?.close();
  rmSync(repo, { recursive: true, force: true });
});

const run = (body: object) =>
  app.request('/v1/images/run', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('POST /v1/images/run: any single-graph image model of the repository', () => {
  it('runs an image-to-image ONNX model: image in, image of the output shape out', async () => {
    const image = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#c04020' } })
      .png()
      .toBuffer();
    const res = await run({ model: 'tiny-restore', image: image.toString('base64') });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { width: number; height: number; data: Array<{ b64_json: string }> };
    expect([body.width, body.height]).toEqual([16, 16]);
    const out = await sharp(Buffer.from(body.data[0]!.b64_json, 'base64'))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([out.info.width, out.info.height, out.info.channels]).toEqual([16, 16, 3]);
    // The fixture's output follows its input (a nearest-neighbour branch): still the same red.
    expect(out.data[0]).toBeGreaterThan(out.data[2]! + 80);
  });

  it('runs an image classifier: every label with its score, highest first', async () => {
    const photo = await sharp(join(import.meta.dirname, '../test-fixtures/coffee-whole.png'))
      .png()
      .toBuffer();
    const res = await run({
      model: 'nsfw-classes',
      image: `data:image/png;base64,${photo.toString('base64')}`,
    });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: Array<{ label: string; score: number }> };
    expect(data.map((d) => d.label).sort()).toEqual(['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy']);
    expect(data[0]!.score).toBeGreaterThanOrEqual(data[4]!.score);
    expect(data.reduce((sum, d) => sum + d.score, 0)).toBeCloseTo(1, 2);
  });

  it('answers 404 for a model that is not an image model, 400 for bad input, 415 for a non-image', async () => {
    expect((await run({ model: 'nope', image: 'aGk=' })).status).toBe(404);
    expect((await run({ model: 'tiny-restore' })).status).toBe(400);
    expect(
      (await run({ model: 'tiny-restore', image: Buffer.from('not an image').toString('base64') })).status,
    ).toBe(415);
  });
});
