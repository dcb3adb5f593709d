import type { Owner } from '../auth/team-access';
import { capture, release } from '../billing/credits';
import type { Tx } from '../db';
import type { GenerationState, Quality } from '../db/schema';
import { AppError } from '../errors';
import { projectFilesPrefix } from '../files/keys';

/**
 * The rules both generation functions share (PRODUCT.md §4): the state machine, the sizes of samples
 * and finals, where the files go, and how a partly delivered batch is charged.
 */

/** Which states each action may start from; anything else is an illegal transition (409). */
export const allowedFrom = {
  regenerate: ['awaiting_selection', 'failed', 'completed'],
  select: ['awaiting_selection'],
  cancel: ['pending', 'processing_samples', 'awaiting_selection', 'processing_final'],
} as const satisfies Record<string, readonly GenerationState[]>;
export type Action = keyof typeof allowedFrom;

export function assertAllowed(action: Action, state: GenerationState): void {
  if ((allowedFrom[action] as readonly GenerationState[]).includes(state)) return;
  throw new AppError(
    'invalid_state',
    409,
    `A generation that is ${state.replace('_', ' ')} cannot ${action}`,
    {
      state,
    },
  );
}

/** States in which work is under way (the stuck sweep looks at these). */
export const runningStates = ['pending', 'processing_samples', 'processing_final'] as const;

export const SAMPLES_PER_BATCH = 4;
/** Samples are low resolution: 512 px on the long side (PRODUCT.md §4). */
export const SAMPLE_LONG_SIDE = 512;
/** Standard finals at most 2,048 px on the long side; high-res twice the asked size, up to 4,096. */
export const STANDARD_LONG_SIDE = 2048;
export const HIGH_LONG_SIDE = 4096;

/** Scales (width, height) so the long side is `longSide`, keeping the aspect (at least 1 px). */
export function fitLongSide(width: number, height: number, longSide: number) {
  const k = longSide / Math.max(width, height);
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

export const sampleSize = (width: number, height: number) => fitLongSide(width, height, SAMPLE_LONG_SIDE);

/** The final's size: the asked size (capped at 2,048) for standard; twice it (capped at 4,096) for high. */
export function finalSize(width: number, height: number, quality: Quality) {
  const long = Math.max(width, height);
  const target =
    quality === 'standard' ? Math.min(long, STANDARD_LONG_SIDE) : Math.min(long * 2, HIGH_LONG_SIDE);
  return fitLongSide(width, height, target);
}

/** Samples live with the project's files, so project deletion and account erasure remove them too. */
export const sampleKey = (
  owner: Owner,
  projectId: string,
  generationId: string,
  batch: number,
  index: number,
) => `${projectFilesPrefix(owner, projectId)}generations/${generationId}/b${batch}-${index}.png`;

export const samplesReservationKey = (generationId: string, batch: number) =>
  `generation:${generationId}:batch:${batch}`;
export const finalReservationKey = (generationId: string, sampleId: string) =>
  `generation:${generationId}:final:${sampleId}`;

/**
 * The charge for a batch with `delivered` of its 4 samples (PRODUCT.md §5: 0.25 credit each, a batch
 * costs 1). Credits are whole numbers, so the batch's price is taken only when all four arrived: 0.25 ×
 * delivered is rounded down, in the user's favour — 1 to 3 delivered samples cost nothing.
 */
export const batchCharged = (delivered: number) => delivered === SAMPLES_PER_BATCH;

/**
 * Settles a reservation unless it already is (the billing sweep releases one past its TTL, and then the
 * work is free): true when this call moved the credits.
 */
export async function settle(tx: Tx, reservationId: string | null, how: 'capture' | 'release', reason = '') {
  if (!reservationId) return false;
  try {
    if (how === 'capture') await capture(tx, reservationId);
    else await release(tx, reservationId, reason);
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === 'invalid_state') return false;
    throw err;
  }
}
