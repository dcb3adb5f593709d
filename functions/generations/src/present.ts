import { assetVersions, type generations, samples } from '@atelier/shared/db/schema';
import { SAMPLES_PER_BATCH } from '@atelier/shared/generation/pipeline';
import { and, asc, eq } from 'drizzle-orm';
import { type GenerationsDeps, LINK_TTL_S } from './deps';

type Generation = typeof generations.$inferSelect;

const since = (from: Date, to: Date | null) => (to ? to.getTime() - from.getTime() : null);

/**
 * A generation as clients see it: the current batch's delivered samples (short-lived links, never
 * storage keys; rejected or failed ones are never shown), the final, costs and timings.
 */
export async function present(deps: GenerationsDeps, g: Generation) {
  const noSamplesYet = async () =>
    g.state === 'pending' || g.state === 'processing_samples' ? deps.isOffline() : false;
  const delivered = await deps.db
    .select()
    .from(samples)
    .where(and(eq(samples.generationId, g.id), eq(samples.batch, g.batch), eq(samples.state, 'ready')))
    .orderBy(asc(samples.index));
  let final = null;
  if (g.finalAssetId && g.finalVersion && g.finalInfo) {
    const [version] = await deps.db
      .select({ storageKey: assetVersions.storageKey })
      .from(assetVersions)
      .where(and(eq(assetVersions.assetId, g.finalAssetId), eq(assetVersions.version, g.finalVersion)));
    if (version)
      final = {
        assetId: g.finalAssetId,
        version: g.finalVersion,
        url: await deps.storage.downloadUrl(version.storageKey, LINK_TTL_S),
        downloadUrl: await deps.storage.downloadUrl(version.storageKey, LINK_TTL_S, `atelier-${g.id}.png`),
        width: g.finalInfo.width,
        height: g.finalInfo.height,
        watermarked: g.finalInfo.watermarked,
        upscaler: g.finalInfo.upscaler,
      };
  }
  return {
    id: g.id,
    projectId: g.projectId,
    state: g.state,
    prompt: g.prompt,
    format: g.format,
    width: g.width,
    height: g.height,
    brandKitId: g.brandKitId,
    style: g.style,
    tone: g.tone,
    inputAssetIds: g.inputAssetIds,
    plan: g.plan,
    batch: g.batch,
    offline: delivered.length > 0 ? delivered.some((s) => s.provider === 'offline') : await noSamplesYet(),
    expectedSamples: SAMPLES_PER_BATCH,
    samples: await Promise.all(
      delivered.map(async (s) => ({
        id: s.id,
        batch: s.batch,
        index: s.index,
        url: await deps.storage.downloadUrl(s.storageKey!, LINK_TTL_S),
        width: s.width,
        height: s.height,
        provider: s.provider,
        model: s.model,
        latencyMs: s.latencyMs,
        cost: s.cost,
        offline: s.provider === 'offline',
      })),
    ),
    selection: g.selectedSampleId ? { sampleId: g.selectedSampleId, quality: g.quality } : null,
    final,
    costs: { samples: g.samplesCost, final: g.finalCost },
    error: g.error,
    createdAt: g.createdAt,
    updatedAt: g.updatedAt,
    timings: {
      firstSampleMs: since(g.batchStartedAt, g.firstSampleAt),
      samplesMs: since(g.batchStartedAt, g.samplesDoneAt),
      finalMs: g.state === 'completed' ? since(g.stageStartedAt, g.completedAt) : null,
    },
  };
}
