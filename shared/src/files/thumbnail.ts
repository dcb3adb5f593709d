import { AppError } from '../errors';
import type { ImageType } from './sniff';

type Sharp = typeof import('sharp').default;

/**
 * Bounds a picture's decoded size, and so the function's memory: 40 MP is a large phone photo (JPEG,
 * PNG and WebP shrink or stream while decoding), but a GIF frame is decoded whole in memory (16 MP
 * took 120 MB more), hence its lower bound.
 */
export const MAX_INPUT_PIXELS: Record<ImageType, number> = {
  'image/jpeg': 40_000_000,
  'image/png': 40_000_000,
  'image/webp': 40_000_000,
  'image/gif': 8_000_000,
};

let loaded: Promise<Sharp> | undefined;
/** The native libvips binding, loaded by the code that needs it rather than at cold start. */
export const loadSharp = () =>
  (loaded ??= import('sharp').then(({ default: s }) => {
    // One small function instance: no operation cache, one thread, to keep memory low.
    s.cache(false);
    s.concurrency(1);
    return s;
  }));

export interface ThumbnailOptions {
  width: number;
  height: number;
  /** `cover` crops to exactly width × height; `inside` keeps the aspect ratio within them. */
  fit: 'cover' | 'inside';
}

/**
 * A WebP thumbnail, turned upright from EXIF; metadata (EXIF, GPS) is dropped. An image libvips
 * cannot decode is refused as unsupported, one over the pixel bound as too large.
 */
export async function makeThumbnail(
  bytes: Uint8Array,
  type: ImageType,
  opts: ThumbnailOptions,
): Promise<{ data: Buffer; width: number; height: number }> {
  const s = await loadSharp();
  const limitInputPixels = MAX_INPUT_PIXELS[type];
  try {
    const { data, info } = await s(bytes, { autoOrient: true, failOn: 'error', limitInputPixels })
      .resize(opts.width, opts.height, { fit: opts.fit, withoutEnlargement: opts.fit === 'inside' })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
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

/** Width and height from the image header (no full decode), or undefined when libvips cannot read it. */
export async function imageSize(bytes: Uint8Array): Promise<{ width: number; height: number } | undefined> {
  const s = await loadSharp();
  try {
    const meta = await s(bytes, { limitInputPixels: false }).metadata();
    return meta.width && meta.height ? { width: meta.width, height: meta.height } : undefined;
  } catch {
    return undefined;
  }
}
