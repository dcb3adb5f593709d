import { assetVersions } from '@atelier/shared/db/schema';
import { AppError } from '@atelier/shared/errors';
import { creative } from '@atelier/shared/events/catalog';
import { onEvent } from '@atelier/shared/events/consumer';
import { sniffImageType } from '@atelier/shared/files/sniff';
import { imageSize, makeThumbnail } from '@atelier/shared/files/thumbnail';
import { and, eq } from 'drizzle-orm';
import { THUMBNAIL_SIZE, type ThumbnailsDeps } from './deps';

/**
 * Makes a version's thumbnail (WebP inside 320 px, next to the file as `<key>.thumb.webp`), records it
 * and its image size, and emits `thumbnail_ready`. Idempotent: a version that has one is left alone,
 * and the object key is derived from the version's, so a retry overwrites rather than leaks.
 */
export const onAssetVersionCreated = (deps: ThumbnailsDeps) =>
  onEvent(creative.assetVersionCreated, async (event, { tx, afterCommit }) => {
    const { assetId, version } = event.data;
    const where = and(eq(assetVersions.assetId, assetId), eq(assetVersions.version, version));
    const [row] = await tx.select().from(assetVersions).where(where);
    if (!row || row.thumbnailKey) return; // purged meanwhile, or done by an earlier delivery
    const head = await deps.storage.head(row.storageKey);
    if (!head) return; // the file went with its asset
    const bytes = await deps.storage.read(row.storageKey);
    const type = sniffImageType(bytes);
    if (!type) {
      deps.log.warn({ assetId, version }, 'no thumbnail: not an image');
      return;
    }
    let thumbnail: Awaited<ReturnType<typeof makeThumbnail>>;
    let source: { width: number; height: number } | undefined;
    try {
      thumbnail = await makeThumbnail(bytes, type, {
        width: THUMBNAIL_SIZE,
        height: THUMBNAIL_SIZE,
        fit: 'inside',
      });
      source = await imageSize(bytes);
    } catch (err) {
      // An image libvips refuses (corrupt, too many pixels) never gets a thumbnail: retrying cannot help.
      if (err instanceof AppError) {
        deps.log.warn({ assetId, version, reason: err.message }, 'no thumbnail');
        return;
      }
      throw err;
    }
    const thumbnailKey = `${row.storageKey}.thumb.webp`;
    await deps.storage.put(thumbnailKey, thumbnail.data, 'image/webp');
    // All through the delivery's own transaction (one connection), relayed once it has committed.
    await tx
      .update(assetVersions)
      .set({ thumbnailKey, width: source?.width ?? row.width, height: source?.height ?? row.height })
      .where(where);
    const id = await deps.outbox.add(tx, creative.assetThumbnailReady, {
      assetId,
      version,
      width: thumbnail.width,
      height: thumbnail.height,
    });
    afterCommit(() => deps.outbox.relay([id]));
  });
