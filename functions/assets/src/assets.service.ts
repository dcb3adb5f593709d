import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { assetFor, projectFor } from '@atelier/shared/creative/access';
import { assets, assetVersions } from '@atelier/shared/db/schema';
import { NotFoundError } from '@atelier/shared/errors';
import { creative } from '@atelier/shared/events/catalog';
import { decodeCursor, newestFirst, page } from '@atelier/shared/http/pagination';
import { and, eq, ilike, isNull } from 'drizzle-orm';
import type * as z from 'zod';
import { type AssetsDeps, LINK_TTL_S } from './deps';
import { presentAsset } from './present';
import type { listAssetsQuery } from './schemas';

const currentVersion = and(
  eq(assetVersions.assetId, assets.id),
  eq(assetVersions.version, assets.currentVersion),
);

/** A project's live assets, newest first, with their current version (cursor pagination). */
export async function listAssets(deps: AssetsDeps, auth: AuthClaims, q: z.infer<typeof listAssetsQuery>) {
  const cursor = decodeCursor(q.cursor);
  await projectFor(deps.db, auth, q.projectId, 'asset.view');
  const order = newestFirst(assets.createdAt, assets.id, cursor);
  const escaped = q.q?.replace(/[\\%_]/g, (ch) => `\\${ch}`);
  const rows = await deps.db
    .select({ asset: assets, version: assetVersions })
    .from(assets)
    .leftJoin(assetVersions, currentVersion)
    .where(
      and(
        eq(assets.projectId, q.projectId),
        isNull(assets.deletedAt),
        escaped ? ilike(assets.name, `%${escaped}%`) : undefined,
        order.where,
      ),
    )
    .orderBy(...order.orderBy)
    .limit(q.limit + 1);
  const { items, nextCursor } = page(
    rows.map((r) => ({ ...r, id: r.asset.id, createdAt: r.asset.createdAt })),
    q.limit,
  );
  return {
    items: await Promise.all(items.map((r) => presentAsset(deps, r.asset, r.version))),
    nextCursor,
  };
}

async function withCurrent(deps: AssetsDeps, asset: typeof assets.$inferSelect) {
  const [version] = await deps.db
    .select()
    .from(assetVersions)
    .where(and(eq(assetVersions.assetId, asset.id), eq(assetVersions.version, asset.currentVersion)));
  return presentAsset(deps, asset, version ?? null);
}

export async function getAsset(deps: AssetsDeps, auth: AuthClaims, id: string) {
  const { asset } = await assetFor(deps.db, auth, id, 'asset.view');
  return withCurrent(deps, asset);
}

export async function renameAsset(deps: AssetsDeps, auth: AuthClaims, id: string, name: string) {
  await assetFor(deps.db, auth, id, 'asset.upload');
  const [asset] = await deps.db
    .update(assets)
    .set({ name, updatedAt: new Date(deps.clock()) })
    .where(eq(assets.id, id))
    .returning();
  return withCurrent(deps, asset!);
}

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** A short-lived link that downloads a version (the current one by default) under the asset's name. */
export async function downloadAsset(deps: AssetsDeps, auth: AuthClaims, id: string, version?: number) {
  const { asset } = await assetFor(deps.db, auth, id, 'asset.view');
  const [v] = await deps.db
    .select()
    .from(assetVersions)
    .where(and(eq(assetVersions.assetId, id), eq(assetVersions.version, version ?? asset.currentVersion)));
  if (!v) throw new NotFoundError('Version');
  // The name the person gave, with the extension of what this version really is (a JPEG version of
  // "photo.png" downloads as "photo.jpg").
  const base = asset.name.replace(/[^\w .()-]/g, '_').replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const filename = `${base}.${EXTENSIONS[v.contentType] ?? 'bin'}`;
  return {
    version: v.version,
    url: await deps.storage.downloadUrl(v.storageKey, LINK_TTL_S, filename),
    expiresAt: new Date(deps.clock() + LINK_TTL_S * 1000).toISOString(),
  };
}

/** Soft delete: the asset disappears at once; the sweep purges it and its files after 7 days. */
export async function deleteAsset(deps: AssetsDeps, auth: AuthClaims, id: string) {
  const { asset, owner } = await assetFor(deps.db, auth, id, 'asset.delete');
  await deps.outbox.transaction(async (tx, emit) => {
    const now = new Date(deps.clock());
    await tx.update(assets).set({ deletedAt: now, updatedAt: now }).where(eq(assets.id, id));
    await emit(tx, creative.assetDeleted, {
      assetId: id,
      projectId: asset.projectId,
      deletedBy: auth.userId,
      ...owner,
    });
  });
}
