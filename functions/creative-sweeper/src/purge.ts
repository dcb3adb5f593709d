import { assets, assetVersions } from '@atelier/shared/db/schema';
import { inArray } from 'drizzle-orm';
import type { SweeperDeps } from './deps';

export interface Removed {
  count: number;
  bytes: number;
}
export const none = (): Removed => ({ count: 0, bytes: 0 });

/**
 * Purges assets for good: every version's file and thumbnail first, then the rows (versions cascade).
 * Objects go before rows, so a failure half-way leaves rows that the next sweep finds again.
 */
export async function purgeAssets(deps: SweeperDeps, ids: string[]): Promise<Removed> {
  if (ids.length === 0) return none();
  const versions = await deps.db
    .select({ key: assetVersions.storageKey, thumb: assetVersions.thumbnailKey, size: assetVersions.size })
    .from(assetVersions)
    .where(inArray(assetVersions.assetId, ids));
  await deps.storage.deleteMany(versions.flatMap((v) => (v.thumb ? [v.key, v.thumb] : [v.key])));
  await deps.db.delete(assets).where(inArray(assets.id, ids));
  return { count: ids.length, bytes: versions.reduce((sum, v) => sum + v.size, 0) };
}
