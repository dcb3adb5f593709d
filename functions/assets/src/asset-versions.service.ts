import { randomUUID } from 'node:crypto';
import type { Owner } from '@atelier/shared/auth/team-access';
import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { assetFor, projectFor } from '@atelier/shared/creative/access';
import type { Tx } from '@atelier/shared/db';
import { assets, assetVersions, projects } from '@atelier/shared/db/schema';
import { LimitReachedError, NotFoundError } from '@atelier/shared/errors';
import { creative } from '@atelier/shared/events/catalog';
import { newFileKey } from '@atelier/shared/files/keys';
import { discardOnRefusal } from '@atelier/shared/files/upload';
import { and, count, desc, eq, isNull, lt } from 'drizzle-orm';
import type * as z from 'zod';
import { type AssetsDeps, MAX_ASSETS_PER_PROJECT } from './deps';
import { presentAsset, presentVersion } from './present';
import type { assetUploadBody, versionsQuery, versionUploadBody } from './schemas';
import { checkArrived, claimUpload, createUpload, pendingUpload } from './uploads';

type Version = typeof assetVersions.$inferInsert;

/** 409 `limit_reached` once a project holds its 1,000 live assets (deleted ones do not count). */
async function assertRoomFor(tx: Tx | AssetsDeps['db'], projectId: string) {
  const [{ n } = { n: 0 }] = await tx
    .select({ n: count() })
    .from(assets)
    .where(and(eq(assets.projectId, projectId), isNull(assets.deletedAt)));
  if (n >= MAX_ASSETS_PER_PROJECT) {
    throw new LimitReachedError(
      MAX_ASSETS_PER_PROJECT,
      'asset',
      `A project holds at most ${MAX_ASSETS_PER_PROJECT} assets`,
    );
  }
}

/** Step 1 of a new asset: a presigned PUT (10 minutes) for one image of the declared type and size. */
export async function startAssetUpload(
  deps: AssetsDeps,
  auth: AuthClaims,
  input: z.infer<typeof assetUploadBody>,
) {
  const { project, owner } = await projectFor(deps.db, auth, input.projectId, 'asset.upload');
  await assertRoomFor(deps.db, project.id); // fails early; checked again, under a lock, on completion
  return createUpload(deps, auth, { purpose: 'asset', targetId: project.id, owner, ...input });
}

/** Step 1 of a new version of an existing asset. */
export async function startVersionUpload(
  deps: AssetsDeps,
  auth: AuthClaims,
  assetId: string,
  input: z.infer<typeof versionUploadBody>,
) {
  const { asset, owner } = await assetFor(deps.db, auth, assetId, 'asset.upload');
  return createUpload(deps, auth, {
    purpose: 'asset_version',
    targetId: asset.id,
    projectId: asset.projectId,
    name: asset.name,
    owner,
    ...input,
  });
}

/**
 * Step 2: checks what arrived (size, signature), then records the asset with version 1 or the asset's
 * next version, and tells the thumbnail worker. A refused file is removed from storage.
 */
export async function completeAssetUpload(deps: AssetsDeps, auth: AuthClaims, uploadId: string) {
  const upload = await pendingUpload(deps, auth, uploadId, ['asset', 'asset_version']);
  // Checked again: the caller's role may have changed since the link was handed out.
  const target =
    upload.purpose === 'asset'
      ? await projectFor(deps.db, auth, upload.targetId, 'asset.upload')
      : await assetFor(deps.db, auth, upload.targetId, 'asset.upload');
  const arrived = await checkArrived(deps, upload);
  return discardOnRefusal(deps.storage, upload.storageKey, () =>
    deps.outbox.transaction(async (tx, emit) => {
      await claimUpload(tx, upload, deps.clock());
      const file = {
        storageKey: upload.storageKey,
        contentType: arrived.type,
        size: arrived.size,
        source: 'upload' as const,
        createdBy: auth.userId,
      };
      const created =
        upload.purpose === 'asset'
          ? await insertAsset(tx, deps, target.project.id, upload.name, auth.userId, file)
          : await addVersion(tx, deps, upload.targetId, file);
      await emit(
        tx,
        creative.assetVersionCreated,
        versionEvent(created.asset, created.version, target.owner),
      );
      return presentAsset(deps, created.asset, created.version);
    }),
  );
}

async function insertAsset(
  tx: Tx,
  deps: AssetsDeps,
  projectId: string,
  name: string,
  userId: string,
  file: Omit<Version, 'assetId' | 'version'>,
) {
  // Serialises creations in one project so the limit holds under concurrency.
  await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId)).for('update');
  await assertRoomFor(tx, projectId);
  const now = new Date(deps.clock());
  const [asset] = await tx
    .insert(assets)
    .values({
      id: randomUUID(),
      projectId,
      kind: 'upload',
      name,
      createdBy: userId,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const [version] = await tx
    .insert(assetVersions)
    .values({ ...file, assetId: asset!.id, version: 1, createdAt: now })
    .returning();
  return { asset: asset!, version: version! };
}

/** The asset's next version, made current (the asset row is locked so two edits never share a number). */
async function addVersion(
  tx: Tx,
  deps: AssetsDeps,
  assetId: string,
  file: Omit<Version, 'assetId' | 'version'>,
) {
  const [locked] = await tx
    .select()
    .from(assets)
    .where(and(eq(assets.id, assetId), isNull(assets.deletedAt)))
    .for('update');
  if (!locked) throw new NotFoundError('Asset');
  const now = new Date(deps.clock());
  const next = locked.currentVersion + 1;
  const [version] = await tx
    .insert(assetVersions)
    .values({ ...file, assetId, version: next, createdAt: now })
    .returning();
  const [asset] = await tx
    .update(assets)
    .set({ currentVersion: next, updatedAt: now })
    .where(eq(assets.id, assetId))
    .returning();
  return { asset: asset!, version: version! };
}

const versionEvent = (
  asset: typeof assets.$inferSelect,
  v: typeof assetVersions.$inferSelect,
  owner: Owner,
) => ({
  assetId: asset.id,
  projectId: asset.projectId,
  version: v.version,
  contentType: v.contentType,
  size: v.size,
  source: v.source,
  createdBy: v.createdBy,
  ownerUserId: owner.ownerUserId,
  teamId: owner.teamId,
});

/** An asset's versions, newest first, `limit` at a time. */
export async function listVersions(
  deps: AssetsDeps,
  auth: AuthClaims,
  assetId: string,
  q: z.infer<typeof versionsQuery>,
) {
  await assetFor(deps.db, auth, assetId, 'asset.view');
  const rows = await deps.db
    .select()
    .from(assetVersions)
    .where(
      and(eq(assetVersions.assetId, assetId), q.cursor ? lt(assetVersions.version, q.cursor) : undefined),
    )
    .orderBy(desc(assetVersions.version))
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit);
  return {
    items: await Promise.all(items.map((v) => presentVersion(deps, v))),
    nextCursor: rows.length > q.limit ? String(items.at(-1)!.version) : null,
  };
}

/** Restores an old version by copying it into a new, current version: history is never rewritten. */
export async function restoreVersion(deps: AssetsDeps, auth: AuthClaims, assetId: string, version: number) {
  const { asset, owner } = await assetFor(deps.db, auth, assetId, 'asset.upload');
  const [old] = await deps.db
    .select()
    .from(assetVersions)
    .where(and(eq(assetVersions.assetId, assetId), eq(assetVersions.version, version)));
  if (!old) throw new NotFoundError('Version');
  // Its own copy, so that each version's file can be purged on its own.
  const storageKey = newFileKey(owner, asset.projectId);
  await deps.storage.copy(old.storageKey, storageKey);
  try {
    return await deps.outbox.transaction(async (tx, emit) => {
      const created = await addVersion(tx, deps, assetId, {
        storageKey,
        contentType: old.contentType,
        size: old.size,
        width: old.width,
        height: old.height,
        source: 'restore',
        generationId: old.generationId,
        createdBy: auth.userId,
      });
      await emit(tx, creative.assetVersionCreated, versionEvent(created.asset, created.version, owner));
      return presentAsset(deps, created.asset, created.version);
    });
  } catch (err) {
    await deps.storage.delete(storageKey).catch(() => {});
    throw err;
  }
}
