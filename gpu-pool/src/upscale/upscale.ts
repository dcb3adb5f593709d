/**
 * Super-resolution of whole images of any size with a model that takes fixed-size tiles.
 *
 * Contract: `upscale(model, image, factor, run, options)`
 * - `model` is the loaded model FOR THAT FACTOR (the repository holds one model per scale, e.g.
 *   `esrgan-slim-x2` and `esrgan-slim-x4` from the package's `models/x2` and `models/x4`; the route
 *   picks the one whose `scale` equals the requested factor). Its `input.shape` `[T, T, 3]` (NHWC)
 *   is the tile size, its ranges say how pixels are scaled in and out.
 * - `image` is any format sharp decodes (PNG, JPEG, WebP, …), EXIF-oriented; alpha is upscaled with
 *   Lanczos beside the model's RGB, since the models only see colour.
 * - `run(items)` runs tiles through the model; the server wires it to the model's batcher, so the
 *   tiles of concurrent requests share batches. At most `inFlight` calls of `tilesPerRun` tiles are
 *   pending at once, which bounds memory for the largest (1,024² → 4,096²) requests.
 * - The output is a PNG of exactly (width × factor) × (height × factor), at most 4,096 px a side.
 *
 * Errors (AppError, never 500): an undecodable image → 415 `unsupported_media_type`; an output over
 * 4,096 px a side or a model of another scale → 400 `validation_failed` with `details.reason`
 * (`output_too_large` / `factor_mismatch`); an aborted `signal` rethrows its reason.
 *
 * Tiling: the image is cut into tiles whose centres (T − 2·overlap) abut; each tile carries
 * `overlap` px of real neighbouring pixels (mirrored past the image's edges, so every tile is full
 * size). After the model, only the centres are kept: the overlap is wider than the model's receptive
 * field, so a centre pixel never sees a tile's zero-padded border — no seams.
 */
import { AppError, ValidationError } from '@atelier/shared/errors';
import sharp from 'sharp';
import type { TensorSpec } from '../runtime/types.js';

export const MAX_OUTPUT_SIDE = 4096;

export interface UpscaleModel {
  name: string;
  input: TensorSpec;
  scale?: number | undefined;
  inputRange: [number, number];
  outputRange: [number, number];
}
export type RunTiles = (items: Float32Array[]) => Promise<Float32Array[]>;

export interface UpscaleOptions {
  /** Real context around each tile's centre, in input px (default: T / 8, at least 10: esrgan-slim's
   *  receptive field is 9–10 px — an overlap of 8 left ±1 differences, 10 none). */
  overlap?: number;
  tilesPerRun?: number;
  inFlight?: number;
  signal?: AbortSignal;
}

export interface UpscaleResult {
  png: Buffer;
  width: number;
  height: number;
  /** Tiles the model ran (for metrics and tests). */
  tiles: number;
}

// Symmetric reflection (…2 1 0 | 0 1 2 … W−1 | W−1 W−2 …), periodic so it holds for any size.
const reflect = (i: number, n: number) => {
  const m = ((i % (2 * n)) + 2 * n) % (2 * n);
  return m < n ? m : 2 * n - 1 - m;
};

async function decode(image: Buffer) {
  try {
    const meta = await sharp(image).metadata();
    const swap = (meta.orientation ?? 1) >= 5;
    return {
      width: swap ? meta.height : meta.width,
      height: swap ? meta.width : meta.height,
      hasAlpha: meta.hasAlpha,
    };
  } catch (err) {
    throw new AppError('unsupported_media_type', 415, `image cannot be decoded: ${(err as Error).message}`);
  }
}

export async function upscale(
  model: UpscaleModel,
  image: Buffer,
  factor: number,
  run: RunTiles,
  options: UpscaleOptions = {},
): Promise<UpscaleResult> {
  if (model.scale !== factor) {
    throw new ValidationError(`model ${model.name} upscales ×${model.scale ?? '?'}, not ×${factor}`, {
      reason: 'factor_mismatch',
    });
  }
  const { width: W, height: H, hasAlpha } = await decode(image);
  const outW = W * factor;
  const outH = H * factor;
  if (outW > MAX_OUTPUT_SIDE || outH > MAX_OUTPUT_SIDE) {
    throw new ValidationError(
      `output would be ${outW}×${outH} px; at most ${MAX_OUTPUT_SIDE} px a side (input ≤ ${Math.floor(MAX_OUTPUT_SIDE / factor)} px a side for ×${factor})`,
      { reason: 'output_too_large', maxOutputSide: MAX_OUTPUT_SIDE, width: outW, height: outH },
    );
  }
  const src = await sharp(image).rotate().removeAlpha().raw().toBuffer();

  const [TH, TW] = model.input.shape as [number, number, number];
  const M = options.overlap ?? Math.max(10, Math.floor(Math.min(TH, TW) / 8));
  const SH = TH - 2 * M;
  const SW = TW - 2 * M;
  if (SH < 1 || SW < 1) throw new Error(`${model.name}: overlap ${M} leaves no tile centre in ${TH}×${TW}`);
  const nx = Math.ceil(W / SW);
  const ny = Math.ceil(H / SH);

  const [i0, i1] = model.inputRange;
  const [o0, o1] = model.outputRange;
  const inK = (i1 - i0) / 255;
  const outK = 255 / (o1 - o0);

  const tileInput = (t: number): Float32Array => {
    const y0 = Math.floor(t / nx) * SH - M;
    const x0 = (t % nx) * SW - M;
    const item = new Float32Array(TH * TW * 3);
    for (let y = 0; y < TH; y++) {
      const row = reflect(y0 + y, H) * W;
      for (let x = 0; x < TW; x++) {
        const s = (row + reflect(x0 + x, W)) * 3;
        const d = (y * TW + x) * 3;
        item[d] = src[s]! * inK + i0;
        item[d + 1] = src[s + 1]! * inK + i0;
        item[d + 2] = src[s + 2]! * inK + i0;
      }
    }
    return item;
  };

  const out = Buffer.alloc(outW * outH * 3);
  const OTW = TW * factor;
  const stitch = (t: number, y: Float32Array) => {
    if (y.length !== TH * factor * OTW * 3) {
      throw new Error(`${model.name}: tile output has ${y.length} values, expected ${TH * factor * OTW * 3}`);
    }
    const oy0 = Math.floor(t / nx) * SH * factor;
    const ox0 = (t % nx) * SW * factor;
    const rows = Math.min(SH * factor, outH - oy0);
    const cols = Math.min(SW * factor, outW - ox0);
    for (let r = 0; r < rows; r++) {
      let s = ((M * factor + r) * OTW + M * factor) * 3;
      let d = ((oy0 + r) * outW + ox0) * 3;
      for (let c = 0; c < cols * 3; c++) {
        const v = Math.round((y[s++]! - o0) * outK);
        out[d++] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
  };

  const tiles = nx * ny;
  const perRun = options.tilesPerRun ?? 16;
  let next = 0;
  const worker = async () => {
    while (next < tiles) {
      options.signal?.throwIfAborted();
      const first = next;
      const count = Math.min(perRun, tiles - first);
      next += count;
      const items = Array.from({ length: count }, (_, k) => tileInput(first + k));
      const results = await run(items);
      if (results.length !== count)
        throw new Error(`${model.name}: ${results.length} results for ${count} tiles`);
      for (const [k, y] of results.entries()) stitch(first + k, y);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.inFlight ?? 2) }, worker));
  options.signal?.throwIfAborted();

  let img = sharp(out, { raw: { width: outW, height: outH, channels: 3 } });
  if (hasAlpha) {
    const alpha = await sharp(image)
      .rotate()
      .extractChannel('alpha')
      .resize(outW, outH, { kernel: 'lanczos3' })
      .toColourspace('b-w')
      .raw()
      .toBuffer();
    img = img.joinChannel(alpha, { raw: { width: outW, height: outH, channels: 1 } });
  }
  return { png: await img.png().toBuffer(), width: outW, height: outH, tiles };
}
