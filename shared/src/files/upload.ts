import { randomBytes } from 'node:crypto';
import { AppError } from '../errors';
import type { Storage } from '../storage';

/** A random object name (128 bits, base64url, 22 characters): keys are never guessable. */
export const randomName = () => randomBytes(16).toString('base64url');

const MiB = 1024 * 1024;
const formatBytes = (n: number) => (n % MiB === 0 ? `${n / MiB} MB` : `${n} bytes`);

/**
 * A presigned PUT for a browser to send one file straight to storage (never through a function's
 * small body limit). Its type and exact size are signed: S3 and MinIO refuse anything else.
 */
export async function presignUpload(
  storage: Storage,
  key: string,
  opts: { contentType: string; size: number; ttlSeconds: number; now: number },
) {
  const upload = await storage.uploadUrl(key, {
    contentType: opts.contentType,
    size: opts.size,
    expiresInSeconds: opts.ttlSeconds,
  });
  return { key, ...upload, expiresAt: new Date(opts.now + opts.ttlSeconds * 1000).toISOString() };
}

export interface ReadUploadOptions<T extends string> {
  /** What the file is, for messages ("picture", "logo"). */
  what: string;
  maxBytes: number;
  /** The real type from the bytes, or undefined when it is none we accept. */
  sniff: (bytes: Uint8Array) => T | undefined;
  /** Refuses a file whose bytes are another accepted type than the one declared (and signed). */
  declaredType?: string;
  /** Said when the bytes are of no accepted type ("not a PNG, JPEG, WebP or GIF image"). */
  accepted: string;
  /**
   * Reads only this many leading bytes (enough for the signature) instead of the whole file, for
   * callers that only record the file: a 25 MB upload then never passes through the function.
   */
  sniffBytes?: number;
}

/**
 * Reads an uploaded object and checks what arrived: its size (the embedded store checks no signature,
 * so a bigger body can land), then its real type from its bytes. A refused file is removed at once;
 * undefined when nothing was uploaded under the key.
 */
export async function readUpload<T extends string>(
  storage: Storage,
  key: string,
  opts: ReadUploadOptions<T>,
): Promise<{ bytes: Uint8Array; type: T; size: number } | undefined> {
  const head = await storage.head(key);
  if (!head) return undefined;
  return discardOnRefusal(storage, key, async () => {
    const tooLarge = () =>
      new AppError(
        'payload_too_large',
        413,
        `The ${opts.what} is larger than ${formatBytes(opts.maxBytes)}`,
        [{ path: 'file', message: `must be at most ${opts.maxBytes} bytes` }],
      );
    if (head.size > opts.maxBytes) throw tooLarge();
    const bytes =
      head.size === 0
        ? new Uint8Array()
        : opts.sniffBytes
          ? await storage.readStart(key, Math.min(opts.sniffBytes, head.size))
          : await storage.read(key);
    if (bytes.length > opts.maxBytes) throw tooLarge();
    const type = opts.sniff(bytes);
    if (!type) throw new AppError('unsupported_media_type', 415, `The file is ${opts.accepted}`);
    if (opts.declaredType && type !== opts.declaredType) {
      throw new AppError(
        'unsupported_media_type',
        415,
        `The file is ${type}, not the ${opts.declaredType} it was declared as`,
        [{ path: 'contentType', message: `the file's bytes are ${type}` }],
      );
    }
    return { bytes, type, size: head.size };
  });
}

/**
 * Runs `fn` on an upload; if it refuses the file (an AppError) the object goes at once. After a
 * failure of ours (storage, database) it stays, so that completing can be retried.
 */
export async function discardOnRefusal<R>(storage: Storage, key: string, fn: () => Promise<R>): Promise<R> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) await storage.delete(key).catch(() => {});
    throw err;
  }
}
