import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { users } from '@atelier/shared/db/schema';
import { NotFoundError } from '@atelier/shared/errors';
import { sniffImageType } from '@atelier/shared/files/sniff';
import { makeThumbnail } from '@atelier/shared/files/thumbnail';
import { discardOnRefusal, presignUpload, randomName, readUpload } from '@atelier/shared/files/upload';
import { eq } from 'drizzle-orm';
import type * as z from 'zod';
import type { UsersDeps } from './profile.service';
import { PICTURE_MAX_BYTES, type pictureUploadBody } from './schemas';

export type PictureDeps = UsersDeps;

const UPLOAD_TTL_S = 600;
/** How long a picture link in a profile answer works; clients re-read the profile for a fresh one. */
export const PICTURE_LINK_TTL_S = 3600;

// Everything under users/<id>/ is the user's: the export zips it and erasure deletes it (privacy).
const pictureDir = (userId: string) => `users/${userId}/picture/`;
const uploadKey = /^upload-[A-Za-z0-9_-]{22}$/;
const THUMBNAIL_SIZE = 256;

export const pictureUrl = (deps: PictureDeps, key: string | null) =>
  key ? deps.storage.downloadUrl(key, PICTURE_LINK_TTL_S) : Promise.resolve(null);

/** A presigned PUT for the browser to send the picture straight to storage, valid 10 minutes. */
export async function startPictureUpload(
  deps: PictureDeps,
  auth: AuthClaims,
  input: z.infer<typeof pictureUploadBody>,
) {
  const key = `${pictureDir(auth.userId)}upload-${randomName()}`;
  const upload = await presignUpload(deps.storage, key, {
    ...input,
    ttlSeconds: UPLOAD_TTL_S,
    now: deps.clock(),
  });
  return { ...upload, maxBytes: PICTURE_MAX_BYTES };
}

/**
 * Checks what was uploaded (size, then the real type from its bytes), makes the thumbnail and makes it
 * the profile picture, removing the upload and the picture it replaces. A refused upload is removed.
 */
export async function completePictureUpload(deps: PictureDeps, auth: AuthClaims, key: string) {
  const dir = pictureDir(auth.userId);
  // Someone else's key, or one that is not an upload (e.g. a thumbnail), is as good as missing.
  if (!key.startsWith(dir) || !uploadKey.test(key.slice(dir.length))) throw new NotFoundError('Upload');
  const upload = await readUpload(deps.storage, key, {
    what: 'picture',
    maxBytes: PICTURE_MAX_BYTES,
    sniff: sniffImageType,
    accepted: 'not a PNG, JPEG, WebP or GIF image',
  });
  if (!upload) throw new NotFoundError('Upload');
  const answer = await discardOnRefusal(deps.storage, key, async () => {
    const thumbnail = await makeThumbnail(upload.bytes, upload.type, {
      width: THUMBNAIL_SIZE,
      height: THUMBNAIL_SIZE,
      fit: 'cover',
    });
    return setPicture(deps, auth.userId, thumbnail.data);
  });
  await deps.storage.delete(key);
  return answer;
}

async function setPicture(deps: PictureDeps, userId: string, thumbnail: Buffer) {
  const pictureKey = `${pictureDir(userId)}${randomName()}.webp`;
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
