import { randomUUID } from 'node:crypto';
import type { Owner } from '@atelier/shared/auth/team-access';
import type { AuthClaims } from '@atelier/shared/auth/tokens';
import type { Tx } from '@atelier/shared/db';
import { uploads } from '@atelier/shared/db/schema';
import { ConflictError, NotFoundError } from '@atelier/shared/errors';
import { newFileKey } from '@atelier/shared/files/keys';
import { sniffFontType, sniffImageType } from '@atelier/shared/files/sniff';
import { presignUpload, readUpload } from '@atelier/shared/files/upload';
import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import { type AssetsDeps, FONT_MAX_BYTES, IMAGE_MAX_BYTES, SNIFF_BYTES, UPLOAD_TTL_S } from './deps';

export type UploadPurpose = (typeof uploads.$inferSelect)['purpose'];
export type Upload = typeof uploads.$inferSelect;

/**
 * Records what the caller may upload (purpose, target, exact type and size) and answers a presigned
 * PUT for it. The object's key is its final one: completing records it where it already is.
 */
export async function createUpload(
  deps: AssetsDeps,
  auth: AuthClaims,
  input: {
    purpose: UploadPurpose;
    targetId: string;
    /** The project an asset upload belongs to; its files are kept under it. */
    projectId?: string | undefined;
    owner: Owner;
    name: string;
    contentType: string;
    size: number;
  },
) {
  const id = randomUUID();
  // An asset's files live under its project (targetId is the project, or the asset's project).
  const storageKey = newFileKey(input.owner, input.projectId);
  const now = deps.clock();
  await deps.db.insert(uploads).values({
    id,
    userId: auth.userId,
    purpose: input.purpose,
    targetId: input.targetId,
    name: input.name,
    storageKey,
    contentType: input.contentType,
    maxSize: input.size,
    expiresAt: new Date(now + UPLOAD_TTL_S * 1000),
  });
  const link = await presignUpload(deps.storage, storageKey, {
    contentType: input.contentType,
    size: input.size,
    ttlSeconds: UPLOAD_TTL_S,
    now,
  });
  return {
    uploadId: id,
    url: link.url,
    method: link.method,
    headers: link.headers,
    maxBytes: input.size,
    expiresAt: link.expiresAt,
  };
}

/** The caller's own pending, unexpired upload for one of `purposes`; anything else is 404. */
export async function pendingUpload(
  deps: AssetsDeps,
  auth: AuthClaims,
  uploadId: string,
  purposes: UploadPurpose[],
): Promise<Upload> {
  const [row] = await deps.db
    .select()
    .from(uploads)
    .where(
      and(
        eq(uploads.id, uploadId),
        eq(uploads.userId, auth.userId),
        inArray(uploads.purpose, purposes),
        isNull(uploads.completedAt),
        gt(uploads.expiresAt, new Date(deps.clock() - UPLOAD_TTL_S * 1000)),
      ),
    );
  if (!row) throw new NotFoundError('Upload');
  return row;
}

/**
 * Checks what arrived under the upload's key: no bigger than signed and than its kind allows, and
 * really of the declared type by its signature (a PDF renamed .png is refused, and removed).
 */
export async function checkArrived(deps: AssetsDeps, upload: Upload) {
  const font = upload.purpose === 'font';
  const arrived = await readUpload(deps.storage, upload.storageKey, {
    what: font ? 'font' : 'image',
    maxBytes: Math.min(upload.maxSize, font ? FONT_MAX_BYTES : IMAGE_MAX_BYTES),
    sniff: font ? sniffFontType : sniffImageType,
    declaredType: upload.contentType,
    accepted: font ? 'not a WOFF2, WOFF, TrueType or OpenType font' : 'not a PNG, JPEG, WebP or GIF image',
    sniffBytes: SNIFF_BYTES,
  });
  if (!arrived) throw new NotFoundError('Upload');
  return arrived;
}

/** Marks the upload completed inside the transaction that records what it made (once only). */
export async function claimUpload(tx: Tx, upload: Upload, now: number): Promise<void> {
  const done = await tx
    .update(uploads)
    .set({ completedAt: new Date(now) })
    .where(and(eq(uploads.id, upload.id), isNull(uploads.completedAt)))
    .returning({ id: uploads.id });
  if (done.length === 0) throw new ConflictError('This upload was already completed');
}
