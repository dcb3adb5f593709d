import { generations, samples } from '@atelier/shared/db/schema';
import { onEvent } from '@atelier/shared/events/consumer';
import { cronTick } from '@atelier/shared/events/cron';
import { and, asc, eq, inArray, isNotNull, isNull, lt, ne, or } from 'drizzle-orm';
import type { WorkerDeps } from './deps';
import { failStage, whileIn } from './generation';

const BATCH = 100;
/** Samples nobody selected are kept 30 days (docs/generation.md); the final is an asset of its own. */
export const SAMPLE_RETENTION_MS = 30 * 86_400_000;

/**
 * Work stuck past `stuckAfterMs` (a worker that died and a delivery that gave up, a provider that never
 * answered) is failed and its held credits released, one generation per transaction.
 */
export async function sweepStuck(deps: WorkerDeps): Promise<number> {
  const before = new Date(deps.clock() - deps.stuckAfterMs);
  const stuck = await deps.db
    .select({ id: generations.id, state: generations.state })
    .from(generations)
    .where(
      and(
        inArray(generations.state, ['pending', 'processing_samples', 'processing_final']),
        lt(generations.stageStartedAt, before),
      ),
    )
    .orderBy(asc(generations.stageStartedAt))
    .limit(BATCH);
  let failed = 0;
  for (const { id, state } of stuck) {
    const done = await whileIn(deps, id, state, null, async (tx, g, emit) => {
      if (g.stageStartedAt >= before) return false;
      emit(
        await failStage(deps, tx, g, {
          code: 'timed_out',
          message: 'This took too long and was stopped. Nothing was charged for it: please try again.',
        }),
      );
      return true;
    });
    if (done) failed++;
  }
  if (failed > 0) deps.log.warn({ failed }, 'stuck generations failed and their credits released');
  return failed;
}

/** Removes the files of unselected samples past their retention (the rows stay, as `expired`). */
export async function expireSamples(deps: WorkerDeps): Promise<number> {
  const before = new Date(deps.clock() - SAMPLE_RETENTION_MS);
  const old = await deps.db
    .select({ id: samples.id, storageKey: samples.storageKey })
    .from(samples)
    .innerJoin(generations, eq(generations.id, samples.generationId))
    .where(
      and(
        eq(samples.state, 'ready'),
        isNotNull(samples.storageKey),
        lt(samples.createdAt, before),
        or(isNull(generations.selectedSampleId), ne(generations.selectedSampleId, samples.id)),
      ),
    )
    .limit(BATCH);
  if (old.length === 0) return 0;
  await deps.storage.deleteMany(old.map((s) => s.storageKey!));
  await deps.db
    .update(samples)
    .set({ state: 'expired', storageKey: null })
    .where(
      inArray(
        samples.id,
        old.map((s) => s.id),
      ),
    );
  return old.length;
}

/** The schedule in stack.yml (every minute) wakes the function with a PingSource event. */
export const onCronTick = (deps: WorkerDeps) =>
  onEvent(cronTick, async () => {
    await sweepStuck(deps);
    await expireSamples(deps);
  });
