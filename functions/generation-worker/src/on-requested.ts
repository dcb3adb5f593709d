import type { ImageChain } from '@atelier/shared/ai/resilience';
import { generations, samples } from '@atelier/shared/db/schema';
import { AppError } from '@atelier/shared/errors';
import { generation as events } from '@atelier/shared/events/catalog';
import { onLongEvent } from '@atelier/shared/events/consumer';
import {
  batchCharged,
  SAMPLES_PER_BATCH,
  sampleKey,
  sampleSize,
  settle,
} from '@atelier/shared/generation/pipeline';
import { and, eq, sql } from 'drizzle-orm';
import type { WorkerDeps } from './deps';
import { about, failStage, type Generation, providerDown, rejectContent, whileIn } from './generation';
import { buildPrompt } from './prompt';
import { checkImage, checkText } from './safety';

type Sample = typeof samples.$inferInsert;

/**
 * A batch: the prompt is checked, then four samples are asked for in parallel, each checked, stored and
 * announced as soon as it exists. A redelivered event (the worker died half way) finds the slots an
 * earlier delivery filled — (generation, batch, index) is unique — and makes only the missing ones, and
 * the charge is settled once, under the generation's lock.
 */
export const onRequested = (deps: WorkerDeps) =>
  onLongEvent(events.generationRequested, async (event) => {
    const { generationId, batch } = event.data;
    const started = await deps.db
      .update(generations)
      .set({ state: 'processing_samples', updatedAt: new Date() })
      .where(
        and(
          eq(generations.id, generationId),
          eq(generations.batch, batch),
          sql`${generations.state} in ('pending', 'processing_samples')`,
        ),
      )
      .returning();
    const g = started[0];
    if (!g) return; // cancelled, regenerated or swept meanwhile: this batch's work is not wanted

    const { prompt, colors } = await buildPrompt(deps, g);
    const verdict = await checkText(deps, [g.prompt, g.style, g.tone].filter(Boolean).join('\n'));
    if (verdict.flagged) {
      await whileIn(deps, g.id, 'processing_samples', batch, async (tx, locked, emit) =>
        emit(await rejectContent(deps, tx, locked, 'prompt', verdict.categories, plain(verdict.reason))),
      );
      return;
    }

    const done = await deps.db
      .select({ index: samples.index })
      .from(samples)
      .where(and(eq(samples.generationId, g.id), eq(samples.batch, batch)));
    const missing = [...Array(SAMPLES_PER_BATCH).keys()].filter((i) => !done.some((s) => s.index === i));
    const chain = deps.ai.chainFor(g.plan as 'free');
    const size = sampleSize(g.width, g.height);
    await Promise.all(missing.map((index) => makeSample(deps, g, chain, { prompt, colors, ...size }, index)));
    await settleBatch(deps, g.id, batch);
  });

const plain = (reason: string | null) => reason ?? 'The prompt breaks the content rules.';

async function makeSample(
  deps: WorkerDeps,
  g: Generation,
  chain: ImageChain,
  ask: { prompt: string; colors: string[]; width: number; height: number },
  index: number,
) {
  const slot: Sample = { generationId: g.id, batch: g.batch, index, state: 'failed' };
  let image: Awaited<ReturnType<ImageChain['generate']>>;
  try {
    image = await chain.generate({ ...ask, variant: index });
  } catch (err) {
    if (!(err instanceof AppError)) throw err; // a bug or our own infrastructure: redelivery retries
    const rejected = err.code === 'content_rejected';
    deps.log.warn({ generationId: g.id, index, code: err.code }, 'sample not made');
    return record(deps, {
      ...slot,
      state: rejected ? 'rejected' : 'failed',
      error: { code: err.code, message: err.message },
    });
  }
  const measured = {
    provider: image.provider,
    model: image.model,
    latencyMs: Math.round(image.latencyMs),
    attempts: image.attempts,
    width: image.width,
    height: image.height,
  };
  let verdict: Awaited<ReturnType<typeof checkImage>>;
  try {
    verdict = await checkImage(deps, image.png);
  } catch (err) {
    deps.log.warn({ generationId: g.id, index, err: (err as Error).message }, 'sample moderation failed');
    return record(deps, {
      ...slot,
      ...measured,
      error: { code: 'moderation_unavailable', message: 'Not checked' },
    });
  }
  if (verdict.flagged)
    return record(deps, {
      ...slot,
      ...measured,
      state: 'rejected',
      error: { code: 'content_rejected', message: plain(verdict.reason), categories: verdict.categories },
    });
  const storageKey = sampleKey(g, g.projectId, g.id, g.batch, index);
  await deps.storage.put(storageKey, image.png, 'image/png');
  await record(deps, { ...slot, ...measured, state: 'ready', storageKey });
}

/** Stores a slot's outcome once; a delivered sample is announced in the same transaction. */
async function record(deps: WorkerDeps, sample: Sample) {
  await whileIn(deps, sample.generationId, 'processing_samples', sample.batch, async (tx, g, emit) => {
    const [row] = await tx.insert(samples).values(sample).onConflictDoNothing().returning();
    if (row?.state !== 'ready') return;
    await tx
      .update(generations)
      .set({ firstSampleAt: sql`coalesce(${generations.firstSampleAt}, now())` })
      .where(eq(generations.id, g.id));
    emit(
      await deps.outbox.add(tx, events.sampleReady, {
        ...about(g),
        batch: g.batch,
        sampleId: row.id,
        index: row.index,
      }),
    );
  });
}

/**
 * Every slot has an outcome: at least one delivered → awaiting selection, charged per the batch rule
 * (shared/src/generation/pipeline.ts: only a full batch of 4 is charged); none delivered → content
 * rejected (if the provider or moderation refused them) or failed, and the credits come back.
 */
async function settleBatch(deps: WorkerDeps, id: string, batch: number) {
  await whileIn(deps, id, 'processing_samples', batch, async (tx, g, emit) => {
    const rows = await tx
      .select()
      .from(samples)
      .where(and(eq(samples.generationId, g.id), eq(samples.batch, batch)));
    const ready = rows.filter((s) => s.state === 'ready');
    if (ready.length === 0) {
      const rejected = rows.filter((s) => s.state === 'rejected');
      if (rejected.length > 0) {
        const categories = [...new Set(rejected.flatMap((s) => s.error?.categories ?? []))];
        emit(
          await rejectContent(
            deps,
            tx,
            g,
            'samples',
            categories,
            'Every image made for this prompt broke the content rules.',
          ),
        );
      } else emit(await failStage(deps, tx, g, providerDown));
      return;
    }
    const charged = batchCharged(ready.length);
    await settle(
      tx,
      g.samplesReservationId,
      charged ? 'capture' : 'release',
      `${ready.length} of ${SAMPLES_PER_BATCH} samples delivered`,
    );
    const each = charged ? g.samplesCost / SAMPLES_PER_BATCH : 0;
    await tx
      .update(samples)
      .set({ cost: String(each) })
      .where(and(eq(samples.generationId, g.id), eq(samples.batch, batch), eq(samples.state, 'ready')));
    await tx
      .update(generations)
      .set({
        state: 'awaiting_selection',
        samplesDoneAt: new Date(),
        updatedAt: new Date(),
        ...(charged ? {} : { samplesCost: 0 }),
      })
      .where(eq(generations.id, g.id));
    emit(
      await deps.outbox.add(tx, events.awaitingSelection, {
        ...about(g),
        batch,
        delivered: ready.length,
        charged: charged ? g.samplesCost : 0,
      }),
    );
  });
}
