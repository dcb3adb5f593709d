import type { assets, assetVersions } from '@atelier/shared/db/schema';
import { type AssetsDeps, LINK_TTL_S } from './deps';

type Asset = typeof assets.$inferSelect;
type Version = typeof assetVersions.$inferSelect;

/** A version as clients see it: never its storage key, a short-lived thumbnail link once there is one. */
export async function presentVersion(deps: AssetsDeps, v: Version) {
  return {
    version: v.version,
    contentType: v.contentType,
    size: v.size,
    width: v.width,
    height: v.height,
    source: v.source,
    createdBy: v.createdBy,
    createdAt: v.createdAt,
    thumbnailUrl: v.thumbnailKey ? await deps.storage.downloadUrl(v.thumbnailKey, LINK_TTL_S) : null,
  };
}

export async function presentAsset(deps: AssetsDeps, a: Asset, current: Version | null) {
  return {
    id: a.id,
    projectId: a.projectId,
    kind: a.kind,
    name: a.name,
    currentVersion: a.currentVersion,
    createdBy: a.createdBy,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    current: current ? await presentVersion(deps, current) : null,
  };
}
