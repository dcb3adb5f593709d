import { AppError } from '@atelier/shared/errors';
import type { PictureType } from './image-type';

type Sharp = typeof import('sharp').default;

export const THUMBNAIL_SIZE = 256;
/**
 * Bounds a picture's decoded size, and so the function's memory: 40 MP is a large phone photo (JPEG,
 * PNG and WebP shrink or stream while decoding), but a GIF frame is decoded whole in memory (16 MP
 * took 120 MB more), hence its lower bound.
 */
const MAX_INPUT_PIXELS: Record<PictureType, number> = {
  'image/jpeg': 40_000_000,
  'image/png': 40_000_000,
  'image/webp': 40_000_000,
  'image/gif': 8_000_000,
};

let loaded: Promise<Sharp> | undefined;
/** The native libvips binding, loaded by the one route that needs it rather than at cold start. */
const sharp = () =>
  (loaded ??= import('sharp').then(({ default: s }) => {
    // One small function instance: no operation cache, one thread, to keep memory low.
    s.cache(false);
    s.concurrency(1);
    return s;
  }));

/**
 * A square WebP thumbnail, cropped to cover, turned upright from EXIF; metadata (EXIF, GPS) is
 * dropped. An image libvips cannot decode is refused as unsupported.
 */
export async function makeThumbnail(bytes: Uint8Array, type: PictureType): Promise<Buffer> {
  const s = await sharp();
  const limitInputPixels = MAX_INPUT_PIXELS[type];
  try {
    return await s(bytes, { autoOrient: true, failOn: 'error', limitInputPixels })
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'cover' })
      .webp({ quality: 80 })
      .toBuffer();
  } catch (err) {
    if (/pixel limit/i.test((err as Error).message)) {
      throw new AppError('validation_failed', 400, 'The picture is too large', [
        { path: 'file', message: `must be at most ${limitInputPixels / 1_000_000} megapixels` },
      ]);
    }
    throw new AppError(
      'unsupported_media_type',
      415,
      'The file is not a readable PNG, JPEG, WebP or GIF image',
    );
  }
}
