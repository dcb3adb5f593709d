import { offlineProvider } from '@atelier/shared/ai/offline';
import { fitTo } from '@atelier/shared/ai/resize';
import { watermark } from '@atelier/shared/ai/watermark';
import { plans } from '@atelier/shared/billing/plans';
import {
  assets,
  assetVersions,
  type FinalInfo,
  generations,
  projects,
  samples,
} from '@atelier/shared/db/schema';
import { AppError } from '@atelier/shared/errors';
import { creative, generation as events } from '@atelier/shared/events/catalog';
import { onLongEvent } from '@atelier/shared/events/consumer';
import { newFileKey } from '@atelier/shared/files/keys';
import { finalSize, settle } from '@atelier/shared/generation/pipeline';
import { eq } from 'drizzle-orm';
import type { WorkerDeps } from './deps';
import { about, failStage, type Generation, load, rejectContent, whileIn } from './generation';
import { buildPrompt } from './prompt';
import { checkImage } from './safety';

type Size = { width: number; height: number };

/**
 * The final: the selected sample at the chosen size — redrawn at size when it was an offline preview,
 * upscaled by the pool's model where one is configured (a provider cannot enlarge a given image), else
 * resized — checked, watermarked on Free, and stored as a new version of the generation's asset.
 */
export const onFinalRequested = (deps: WorkerDeps) =>
  onLongEvent(events.finalRequested, async (event) => {
    const { generationId, sampleId, quality } = event.data;
    const g = await load(deps.db, generationId);
    if (g?.state !== 'processing_final' || g.selectedSampleId !== sampleId) return;
    const [sample] = await deps.db.select().from(samples).where(eq(samples.id, sampleId));
    if (!sample?.storageKey) return;
    const target = finalSize(g.width, g.height, quality);
    const started = deps.clock();

    let made: { png: Buffer; upscaler: string };
    try {
      made = await makeFinal(deps, g, sample, target);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      deps.log.warn({ generationId, code: err.code }, 'final not made');
      await whileIn(deps, g.id, 'processing_final', null, async (tx, locked, emit) =>
        emit(
          await failStage(deps, tx, locked, {
            code: err.code === 'deadline_exceeded' ? 'timed_out' : 'provider_unavailable',
            message: 'The final image could not be made, even after retries. Nothing was charged for it.',
          }),
        ),
      );
      return;
    }
    const verdict = await checkImage(deps, made.png);
    if (verdict.flagged) {
      await whileIn(deps, g.id, 'processing_final', null, async (tx, locked, emit) =>
        emit(
          await rejectContent(
            deps,
            tx,
            locked,
            'final',
            verdict.categories,
            verdict.reason ?? 'The final image broke the content rules.',
          ),
        ),
      );
      return;
    }
    const watermarked = plans[g.plan as keyof typeof plans]?.watermark ?? true;
    const png = watermarked ? await watermark(made.png) : made.png;
    const info: FinalInfo = {
      ...target,
      upscaler: made.upscaler,
      latencyMs: deps.clock() - started,
      watermarked,
    };
    await storeFinal(deps, g, png, info);
  });

async function makeFinal(
  deps: WorkerDeps,
  g: Generation,
  sample: typeof samples.$inferSelect,
  target: Size,
): Promise<{ png: Buffer; upscaler: string }> {
  if (sample.provider === 'offline') {
    // An offline preview is a drawing: drawn again at the final size, it stays sharp.
    const { prompt, colors } = await buildPrompt(deps, g);
    const drawn = await offlineProvider.generate({ prompt, colors, variant: sample.index, ...target });
    return { png: drawn.png, upscaler: 'redraw' };
  }
  let png = Buffer.from(await deps.storage.read(sample.storageKey!));
  const upscaler = deps.ai.upscaler;
  if (!upscaler) return { png: await fitTo(png, target.width, target.height), upscaler: 'resize' };
  // ×4 then ×2 passes until the long side reaches the target (512 → 2,048 is one ×4 pass), then exact.
  let have = Math.max(sample.width ?? 512, sample.height ?? 512);
  const want = Math.max(target.width, target.height);
  while (have < want) {
    const scale = want / have > 2 ? 4 : 2;
    png = await upscaler.upscale(png, scale, AbortSignal.timeout(300_000));
    have *= scale;
  }
  return { png: await fitTo(png, target.width, target.height), upscaler: 'gpu-pool' };
}

/** A new version of the generation's asset (a new asset the first time), the charge, `completed`. */
async function storeFinal(deps: WorkerDeps, g: Generation, png: Buffer, info: FinalInfo) {
  const storageKey = newFileKey(g, g.projectId);
  await deps.storage.put(storageKey, png, 'image/png');
  const stored = await whileIn(deps, g.id, 'processing_final', null, async (tx, locked, emit) => {
    const [project] = await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, g.projectId));
    if (!project) {
      emit(
        await failStage(deps, tx, locked, { code: 'project_deleted', message: 'The project was deleted.' }),
      );
      return false;
    }
    let assetId = locked.finalAssetId;
    let version = 1;
    const [existing] = assetId
      ? await tx.select().from(assets).where(eq(assets.id, assetId)).for('update')
      : [];
    if (existing && !existing.deletedAt) {
      version = existing.currentVersion + 1;
      await tx
        .update(assets)
        .set({ currentVersion: version, updatedAt: new Date() })
        .where(eq(assets.id, existing.id));
    } else {
      const [created] = await tx
        .insert(assets)
        .values({
          projectId: g.projectId,
          kind: 'generated',
          name: assetName(g.prompt),
          createdBy: g.createdBy,
        })
        .returning();
      assetId = created!.id;
    }
    await tx.insert(assetVersions).values({
      assetId: assetId!,
      version,
      storageKey,
      contentType: 'image/png',
      size: png.length,
      width: info.width,
      height: info.height,
      source: 'generation',
      generationId: g.id,
      createdBy: g.createdBy,
    });
    emit(
      await deps.outbox.add(tx, creative.assetVersionCreated, {
        assetId: assetId!,
        projectId: g.projectId,
        version,
        contentType: 'image/png',
        size: png.length,
        source: 'generation',
        createdBy: g.createdBy,
        ownerUserId: g.ownerUserId,
        teamId: g.teamId,
      }),
    );
    await settle(tx, locked.finalReservationId, 'capture');
    await tx
      .update(generations)
      .set({
        state: 'completed',
        finalAssetId: assetId,
        finalVersion: version,
        finalInfo: info,
        completedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(generations.id, g.id));
    emit(await deps.outbox.add(tx, events.generationCompleted, { ...about(g), assetId: assetId!, version }));
    return true;
  });
  // Cancelled or swept while the final was being made: its file is not wanted.
  if (!stored) await deps.storage.delete(storageKey).catch(() => {});
}

/** The asset's name: the prompt's first words (names are at most 200 characters, one line). */
const assetName = (prompt: string) => {
  const line = prompt.replace(/\s+/g, ' ').trim();
  return line.length <= 80 ? line : `${line.slice(0, 79)}…`;
};
