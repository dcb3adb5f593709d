import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { brandKitFor } from '@atelier/shared/creative/access';
import type { DbOrTx } from '@atelier/shared/db';
import { brandKitFiles, brandKits } from '@atelier/shared/db/schema';
import { LimitReachedError, NotFoundError } from '@atelier/shared/errors';
import { discardOnRefusal } from '@atelier/shared/files/upload';
import { and, count, eq } from 'drizzle-orm';
import type * as z from 'zod';
import { getKit, kitFor } from './brand-kits.service';
import { type AssetsDeps, MAX_FONTS, MAX_LOGOS } from './deps';
import type { kitFileUploadBody } from './schemas';
import { checkArrived, claimUpload, createUpload, pendingUpload } from './uploads';

const LIMITS = { logo: MAX_LOGOS, font: MAX_FONTS } as const;

/** 409 `limit_reached` at the 11th logo or the 6th font. */
async function assertRoomFor(db: DbOrTx, kitId: string, kind: 'logo' | 'font') {
  const [{ n } = { n: 0 }] = await db
    .select({ n: count() })
    .from(brandKitFiles)
    .where(and(eq(brandKitFiles.brandKitId, kitId), eq(brandKitFiles.kind, kind)));
  if (n >= LIMITS[kind]) {
    throw new LimitReachedError(LIMITS[kind], kind, `A brand kit holds at most ${LIMITS[kind]} ${kind}s`);
  }
}

/** Step 1: a presigned PUT for one logo (image) or font of the declared type and size. */
export async function startKitFileUpload(
  deps: AssetsDeps,
  auth: AuthClaims,
  kitId: string,
  input: z.infer<typeof kitFileUploadBody>,
) {
  const kit = await kitFor(deps, auth, kitId, 'brand_kit.manage');
  await assertRoomFor(deps.db, kit.id, input.kind);
  const { kind, ...file } = input;
  return createUpload(deps, auth, { purpose: kind, targetId: kit.id, owner: kit, ...file });
}

/** Step 2: checks the file's signature and size, then adds it to the kit (the limit is re-checked under a lock). */
export async function completeKitFileUpload(
  deps: AssetsDeps,
  auth: AuthClaims,
  kitId: string,
  uploadId: string,
) {
  const upload = await pendingUpload(deps, auth, uploadId, ['logo', 'font']);
  if (upload.targetId !== kitId) throw new NotFoundError('Upload');
  await kitFor(deps, auth, kitId, 'brand_kit.manage');
  const arrived = await checkArrived(deps, upload);
  const kind = upload.purpose as 'logo' | 'font';
  await discardOnRefusal(deps.storage, upload.storageKey, () =>
    deps.db.transaction(async (tx) => {
      await tx.select({ id: brandKits.id }).from(brandKits).where(eq(brandKits.id, kitId)).for('update');
      await assertRoomFor(tx, kitId, kind);
      await claimUpload(tx, upload, deps.clock());
      await tx.insert(brandKitFiles).values({
        brandKitId: kitId,
        kind,
        name: upload.name,
        storageKey: upload.storageKey,
        contentType: arrived.type,
        size: arrived.size,
      });
    }),
  );
  return getKit(deps, auth, kitId);
}

export async function deleteKitFile(deps: AssetsDeps, auth: AuthClaims, kitId: string, fileId: string) {
  await brandKitFor(deps.db, auth, kitId, 'brand_kit.manage');
  const [gone] = await deps.db
    .delete(brandKitFiles)
    .where(and(eq(brandKitFiles.id, fileId), eq(brandKitFiles.brandKitId, kitId)))
    .returning({ key: brandKitFiles.storageKey });
  if (!gone) throw new NotFoundError('File');
  await deps.storage.delete(gone.key);
}
