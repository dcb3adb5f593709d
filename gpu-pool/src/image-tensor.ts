import { AppError } from '@atelier/shared/errors';
import sharp from 'sharp';
import type { ModelConfig } from './repository/config';

/**
 * An image as one model item: what every image route feeds a model (moderation, /v1/images/run).
 * Upscaling cuts tiles instead (upscale/upscale.ts).
 */
export type Tensor = ModelConfig['input'];

/** [H, W, C] for NHWC, [C, H, W] for NCHW (a 2-D shape is one channel). */
export const dims = (t: Tensor) => {
  const s = t.shape;
  if (s.length === 2) return { h: s[0]!, w: s[1]!, c: 1 };
  return t.layout === 'NCHW' ? { c: s[0]!, h: s[1]!, w: s[2]! } : { h: s[0]!, w: s[1]!, c: s[2]! };
};

/** The image as one model item: resized to the model's input, scaled into its range, in its layout. */
export async function imageToItem(image: Buffer, input: Tensor): Promise<Float32Array> {
  const { h, w, c } = dims(input);
  let px: Buffer;
  try {
    let img = sharp(image).rotate().flatten({ background: '#ffffff' }).resize(w, h, { fit: 'fill' });
    img = c === 1 ? img.toColourspace('b-w') : img.toColourspace('srgb');
    px = await img.raw().toBuffer();
  } catch (err) {
    throw new AppError('unsupported_media_type', 415, `image cannot be decoded: ${(err as Error).message}`);
  }
  const [lo, hi] = input.range;
  const item = new Float32Array(h * w * c);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let k = 0; k < c; k++) {
        const v = lo + ((hi - lo) * px[(y * w + x) * c + k]!) / 255;
        item[input.layout === 'NCHW' ? k * h * w + y * w + x : (y * w + x) * c + k] = v;
      }
  return item;
}
