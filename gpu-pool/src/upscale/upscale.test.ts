import { readFileSync } from 'node:fs';
import { AppError } from '@atelier/shared/errors';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelConfig } from '../repository/config.js';
import { loadTfjsModel, type TfjsModel } from '../runtime/tfjs.js';
import { psnr } from './psnr.js';
import { upscale } from './upscale.js';

// The real esrgan-slim model from its npm package, on tfjs-wasm (no mocks).
const slim = (scale: number, tile: number) =>
  loadTfjsModel(
    modelConfig.parse({
      task: 'upscale',
      runtime: 'tfjs',
      source: { npm: '@upscalerjs/esrgan-slim', path: `models/x${scale}/model.json` },
      input: { shape: [tile, tile, 3], range: [0, 255] },
      output: { shape: [tile * scale, tile * scale, 3], range: [0, 255] },
      scale,
    }),
    '/nonexistent/repository/esrgan-slim-x4/1',
    `esrgan-slim-x${scale}`,
    '1',
  );

const photo = readFileSync(new URL('../test-fixtures/chelsea-cat.png', import.meta.url)); // 160 × 128, CC0
const raw = (png: Buffer) => sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
const runOn = (m: TfjsModel) => (items: Float32Array[]) => m.runBatch(items);

let x4: TfjsModel;
let x2: TfjsModel;
beforeAll(async () => {
  [x4, x2] = await Promise.all([slim(4, 64), slim(2, 64)]);
});

describe('upscale with the real esrgan-slim model', () => {
  it('×4 of a downscaled photograph is closer to the original than bicubic', async () => {
    const original = await raw(photo);
    const small = await sharp(photo).resize(40, 32, { kernel: 'lanczos3' }).png().toBuffer();
    const out = await upscale(x4, small, 4, runOn(x4));
    expect([out.width, out.height]).toEqual([160, 128]);
    const model = await raw(out.png);
    const bicubic = await raw(await sharp(small).resize(160, 128, { kernel: 'cubic' }).png().toBuffer());
    expect(model.info).toMatchObject({ width: 160, height: 128, channels: 3 });
    expect(psnr(model.data, original.data)).toBeGreaterThan(psnr(bicubic.data, original.data));
  });

  it('×2 works and also beats bicubic', async () => {
    const original = await raw(photo);
    const small = await sharp(photo).resize(80, 64, { kernel: 'lanczos3' }).png().toBuffer();
    const out = await upscale(x2, small, 2, runOn(x2));
    const model = await raw(out.png);
    const bicubic = await raw(await sharp(small).resize(160, 128, { kernel: 'cubic' }).png().toBuffer());
    expect(model.info).toMatchObject({ width: 160, height: 128 });
    expect(psnr(model.data, original.data)).toBeGreaterThan(psnr(bicubic.data, original.data));
  });

  it('gives exact output sizes for odd inputs, several tiles included', async () => {
    const odd = await sharp(photo).extract({ left: 3, top: 5, width: 97, height: 23 }).png().toBuffer();
    const a = await upscale(x4, odd, 4, runOn(x4));
    expect((await sharp(a.png).metadata()) as object).toMatchObject({ width: 388, height: 92 });
    expect(a.tiles).toBeGreaterThan(1);
    const b = await upscale(x2, odd, 2, runOn(x2));
    expect((await sharp(b.png).metadata()) as object).toMatchObject({ width: 194, height: 46 });
  });

  it('keeps an alpha channel', async () => {
    const rgba = await sharp(photo).resize(20, 16).ensureAlpha(0.5).png().toBuffer();
    const out = await upscale(x2, rgba, 2, runOn(x2));
    expect((await sharp(out.png).metadata()) as object).toMatchObject({ width: 40, height: 32, channels: 4 });
  });

  it('stitches tiles without seams: a tiled run equals one pass over the whole image', async () => {
    // One 200 px tile holds the whole 160 × 128 photo plus its mirrored margin: the single-pass reference.
    const whole = await slim(4, 200);
    const ref = await raw((await upscale(whole, photo, 4, runOn(whole))).png);
    await whole.dispose();
    const tiled = await upscale(x4, photo, 4, runOn(x4)); // 64 px tiles, 44 px centres
    expect(tiled.tiles).toBe(12);
    const got = await raw(tiled.png);
    const step = (64 - 2 * 10) * 4;
    const { near, away, max } = seamError(got.data, ref.data, 640, 512, step);
    expect(max).toBeLessThanOrEqual(1); // rounding only
    expect(near).toBeLessThanOrEqual(away * 1.5 + 0.05);

    // The same measure sees seams when tiles carry no overlap, so the check above can fail.
    const naive = await raw((await upscale(x4, photo, 4, runOn(x4), { overlap: 0 })).png);
    const bad = seamError(naive.data, ref.data, 640, 512, 64 * 4);
    expect(bad.near).toBeGreaterThan(bad.away * 3 + 1);
  }, 60_000);

  it('refuses an output over 4,096 px a side before running the model, and a model of another scale', async () => {
    const wide = await sharp({
      create: { width: 1025, height: 8, channels: 3, background: { r: 9, g: 9, b: 9 } },
    })
      .png()
      .toBuffer();
    let runs = 0;
    const counting = (items: Float32Array[]) => {
      runs++;
      return x4.runBatch(items);
    };
    const err = await upscale(x4, wide, 4, counting).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      status: 400,
      code: 'validation_failed',
      details: { reason: 'output_too_large' },
    });
    expect(runs).toBe(0);
    // ×2 of the same image is 2,050 px wide: allowed.
    expect((await upscale(x2, wide, 2, runOn(x2))).width).toBe(2050);
    await expect(upscale(x2, wide, 4, counting)).rejects.toMatchObject({
      details: { reason: 'factor_mismatch' },
    });
    await expect(upscale(x4, Buffer.from('not an image'), 4, counting)).rejects.toMatchObject({
      status: 415,
      code: 'unsupported_media_type',
    });
  });
});

/**
 * Mean absolute error in the bands of ±4 output px around the tile boundaries (rows and columns at
 * multiples of `step`) versus everywhere else, and the largest single error.
 */
function seamError(a: Uint8Array, b: Uint8Array, w: number, h: number, step: number) {
  const isNear = (v: number) => v >= step - 4 && Math.min(v % step, step - (v % step)) <= 4;
  let nearSum = 0;
  let nearN = 0;
  let awaySum = 0;
  let awayN = 0;
  let max = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        const i = (y * w + x) * 3 + c;
        const d = Math.abs(a[i]! - b[i]!);
        max = Math.max(max, d);
        if (isNear(x) || isNear(y)) {
          nearSum += d;
          nearN++;
        } else {
          awaySum += d;
          awayN++;
        }
      }
    }
  }
  return { near: nearSum / nearN, away: awaySum / awayN, max };
}
