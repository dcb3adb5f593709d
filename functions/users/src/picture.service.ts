import { randomBytes } from 'node:crypto';
import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { users } from '@atelier/shared/db/schema';
import { AppError, NotFoundError } from '@atelier/shared/errors';
import { eq } from 'drizzle-orm';
import type * as z from 'zod';
import { sniffImageType } from './image-type';
import type { UsersDeps } from './profile.service';
import { PICTURE_MAX_BYTES, type pictureUploadBody } from './schemas';
import { makeThumbnail } from './thumbnail';

export type PictureDeps = UsersDeps;

const UPLOAD_TTL_S = 600;
/** How long a picture link in a profile answer works; clients re-read the profile for a fresh one. */
export const PICTURE_LINK_TTL_S = 3600;

// Everything under users/<id>/ is the user's: the export zips it and erasure deletes it (privacy).
const pictureDir = (userId: string) => `users/${userId}/picture/`;
const uploadKey = /^upload-[A-Za-z0-9_-]{22}$/;
const randomName = () => randomBytes(16).toString('base64url');

const tooLarge = () =>
  new AppError('payload_too_large', 413, 'The picture is larger than 5 MB', [
    { path: 'file', message: `must be at most ${PICTURE_MAX_BYTES} bytes` },
  ]);

export const pictureUrl = (deps: PictureDeps, key: string | null) =>
  key ? deps.storage.downloadUrl(key, PICTURE_LINK_TTL_S) : Promise.resolve(null);

/** A presigned PUT for the browser to send the picture straight to storage, valid 10 minutes. */
export async function startPictureUpload(
  deps: PictureDeps,
  auth: AuthClaims,
  input: z.infer<typeof pictureUploadBody>,
) {
  const key = `${pictureDir(auth.userId)}upload-${randomName()}`;
  const upload = await deps.storage.uploadUrl(key, { ...input, expiresInSeconds: UPLOAD_TTL_S });
  return {
    key,
    ...upload,
    maxBytes: PICTURE_MAX_BYTES,
    expiresAt: new Date(deps.clock() + UPLOAD_TTL_S * 1000).toISOString(),
  };
}

/**
 * Checks what was uploaded (size, then the real type from its bytes), makes the thumbnail and makes it
 * the profile picture, removing the upload and the picture it replaces. A refused upload is removed.
 */
export async function completePictureUpload(deps: PictureDeps, auth: AuthClaims, key: string) {
  const dir = pictureDir(auth.userId);
  // Someone else's key, or one that is not an upload (e.g. a thumbnail), is as good as missing.
  if (!key.startsWith(dir) || !uploadKey.test(key.slice(dir.length))) throw new NotFoundError('Upload');
  const head = await deps.storage.head(key);
  if (!head) throw new NotFoundError('Upload');
  try {
    const answer = await processUpload(deps, auth.userId, key, head.size);
    await deps.storage.delete(key);
    return answer;
  } catch (err) {
    // A refused file goes at once; after a failure of ours it stays, so that completing can be retried.
    if (err instanceof AppError) await deps.storage.delete(key).catch(() => {});
    throw err;
  }
}

async function processUpload(deps: PictureDeps, userId: string, key: string, size: number) {
  const dir = pictureDir(userId);
  if (size > PICTURE_MAX_BYTES) throw tooLarge();
  const bytes = await deps.storage.read(key);
  if (bytes.length > PICTURE_MAX_BYTES) throw tooLarge();
  const type = sniffImageType(bytes);
  if (!type) {
    throw new AppError('unsupported_media_type', 415, 'The file is not a PNG, JPEG, WebP or GIF image');
  }
  const thumbnail = await makeThumbnail(bytes, type);
  const pictureKey = `${dir}${randomName()}.webp`;
  await deps.storage.put(pictureKey, thumbnail, 'image/webp');
  const previous = await swapPicture(deps, userId, pictureKey);
  if (previous === undefined) {
    await deps.storage.delete(pictureKey); // the account went meanwhile
    throw new NotFoundError('User');
  }
  if (previous) await deps.storage.delete(previous);
  return { pictureUrl: await pictureUrl(deps, pictureKey) };
}

/** Removes the profile picture; removing none is not an error. */
export async function deletePicture(deps: PictureDeps, auth: AuthClaims) {
  const previous = await swapPicture(deps, auth.userId, null);
  if (previous) await deps.storage.delete(previous);
}

/** Sets the picture key and answers the one it replaced (null: none; undefined: no such user). */
async function swapPicture(deps: PictureDeps, userId: string, next: string | null) {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ pictureKey: users.pictureKey })
      .from(users)
      .where(eq(users.id, userId))
      .for('update');
    if (!row) return undefined;
    await tx
      .update(users)
      .set({ pictureKey: next, updatedAt: new Date(deps.clock()) })
      .where(eq(users.id, userId));
    return row.pictureKey;
  });
}
