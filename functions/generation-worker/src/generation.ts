import type { Tx } from '@atelier/shared/db';
import { type GenerationError, generations } from '@atelier/shared/db/schema';
import { generation as events } from '@atelier/shared/events/catalog';
import { settle } from '@atelier/shared/generation/pipeline';
import { eq } from 'drizzle-orm';
import type { WorkerDeps } from './deps';

export type Generation = typeof generations.$inferSelect;

export const about = (g: Generation) => ({
  generationId: g.id,
  userId: g.createdBy,
  projectId: g.projectId,
  ownerUserId: g.ownerUserId,
  teamId: g.teamId,
});

export async function load(db: WorkerDeps['db'] | Tx, id: string, lock = false) {
  const query = db.select().from(generations).where(eq(generations.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/**
 * Runs `fn` on the locked generation only while it is still in `state` (and on `batch` when given): a
 * cancel, a regenerate or the stuck sweep may have moved it on, and then this work's result is dropped.
 * Relays the events `fn` added once committed.
 */
export async function whileIn<T>(
  deps: WorkerDeps,
  id: string,
  state: Generation['state'],
  batch: number | null,
  fn: (tx: Tx, g: Generation, emit: (id: string) => void) => Promise<T>,
): Promise<T | undefined> {
  const ids: string[] = [];
  const result = await deps.db.transaction(async (tx) => {
    const g = await load(tx, id, true);
    if (!g || g.state !== state || (batch !== null && g.batch !== batch)) return undefined;
    return fn(tx, g, (eventId) => ids.push(eventId));
  });
  if (ids.length > 0) await deps.outbox.relay(ids);
  return result;
}

const stageOf = (g: Generation) =>
  g.state === 'processing_final' ? ('final' as const) : ('samples' as const);
const heldBy = (g: Generation) =>
  g.state === 'processing_final' ? g.finalReservationId : g.samplesReservationId;
/** What a released stage costs the user from now on: nothing (`costs` shows what is spent, not the price). */
const freed = (g: Generation) => (g.state === 'processing_final' ? { finalCost: 0 } : { samplesCost: 0 });

/** The stage failed for a reason not the user's: its credits come back, the user is told in plain words. */
export async function failStage(deps: WorkerDeps, tx: Tx, g: Generation, error: GenerationError) {
  await settle(tx, heldBy(g), 'release', error.code);
  await tx
    .update(generations)
    .set({ state: 'failed', error, ...freed(g), updatedAt: new Date() })
    .where(eq(generations.id, g.id));
  return deps.outbox.add(tx, events.generationFailed, { ...about(g), stage: stageOf(g), code: error.code });
}

/** The prompt, every sample or the final broke the content rules: nothing shown, nothing charged. */
export async function rejectContent(
  deps: WorkerDeps,
  tx: Tx,
  g: Generation,
  stage: 'prompt' | 'samples' | 'final',
  categories: string[],
  reason: string,
) {
  await settle(tx, heldBy(g), 'release', 'content rejected');
  await tx
    .update(generations)
    .set({
      state: 'content_rejected',
      error: { code: 'content_rejected', message: `${reason} Nothing was charged.`, categories },
      ...freed(g),
      updatedAt: new Date(),
    })
    .where(eq(generations.id, g.id));
  return deps.outbox.add(tx, events.contentRejected, { ...about(g), stage, categories });
}

export const providerDown: GenerationError = {
  code: 'provider_unavailable',
  message: 'No image provider answered, even after retries. Nothing was charged: try again in a minute.',
};
