import { randomUUID } from 'node:crypto';
import { checkPromptLocally } from '@atelier/shared/ai/safety';
import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { API_GENERATION_CENTS, creditSummary, reserve } from '@atelier/shared/billing/credits';
import { assertEntitled, costs, entitlementsFor, plans } from '@atelier/shared/billing/plans';
import { assetFor, brandKitFor, projectFor } from '@atelier/shared/creative/access';
import { formats } from '@atelier/shared/creative/formats';
import type { Tx } from '@atelier/shared/db';
import { type GenerationState, generations, samples } from '@atelier/shared/db/schema';
import { countApiGeneration } from '@atelier/shared/developer/limits';
import { AppError, NotFoundError } from '@atelier/shared/errors';
import { generation as events } from '@atelier/shared/events/catalog';
import {
  type Action,
  assertAllowed,
  finalReservationKey,
  samplesReservationKey,
  settle,
} from '@atelier/shared/generation/pipeline';
import { decodeCursor, newestFirst, page } from '@atelier/shared/http/pagination';
import { and, eq } from 'drizzle-orm';
import type * as z from 'zod';
import { type GenerationsDeps, RESERVATION_TTL_MS } from './deps';
import { present } from './present';
import type { CreateBody, listQuery, selectBody } from './schemas';

type Generation = typeof generations.$inferSelect;
type CreditOwner = { userId: string } | { teamId: string };

const creditOwnerOf = (o: { ownerUserId: string | null; teamId: string | null }): CreditOwner =>
  o.teamId ? { teamId: o.teamId } : { userId: o.ownerUserId! };

/** Who a generation's events are about (the notification issue reads these). */
const about = (g: Generation) => ({
  generationId: g.id,
  userId: g.createdBy,
  projectId: g.projectId,
  ownerUserId: g.ownerUserId,
  teamId: g.teamId,
});

/**
 * How the caller pays: a pay-as-you-go API key pays money (a batch of samples $0.05, its final included)
 * and holds no credits; everyone else spends credits. The caller of each step decides, so a final chosen
 * in the app for a generation an API key started is paid in credits.
 */
const paidBy = (auth: AuthClaims, cents: number) =>
  auth.apiKey?.billing === 'metered' ? { meteredCents: cents } : {};

/** A new batch asked for with an API key: counted for the portal's usage chart. */
async function countForKey(deps: GenerationsDeps, auth: AuthClaims) {
  if (!auth.apiKey) return;
  await countApiGeneration(
    deps.limits.redis,
    deps.limits.namespace,
    auth.apiKey.id,
    new Date(deps.clock()),
  ).catch((err: unknown) =>
    deps.log.warn({ err: (err as Error).message }, 'could not count an API generation'),
  );
}

/** 422 `content_rejected` before anything is reserved: the local rule list runs on every prompt. */
function assertSafePrompt(text: string): void {
  const verdict = checkPromptLocally(text);
  if (!verdict.flagged) return;
  throw new AppError('content_rejected', 422, verdict.reason ?? 'This prompt breaks the content rules', {
    reason: verdict.reason,
    categories: verdict.categories,
  });
}

/**
 * Accepts a request: checks the project, brand kit, input images, plan and prompt, holds the samples'
 * credits, stores the request and its `generation.requested` event in one transaction (202).
 */
export async function createGeneration(deps: GenerationsDeps, auth: AuthClaims, body: CreateBody) {
  const { project, owner } = await projectFor(deps.db, auth, body.projectId, 'generation.create');
  const safetyText = [body.prompt, body.style, body.tone].filter(Boolean).join('\n');
  assertSafePrompt(safetyText);
  const format = body.format ?? project.format;
  const size =
    format === 'custom'
      ? { width: body.width ?? project.width, height: body.height ?? project.height }
      : formats[format as keyof typeof formats];
  if (body.brandKitId) await brandKitFor(deps.db, auth, body.brandKitId, 'brand_kit.view');
  for (const assetId of body.inputAssetIds ?? []) await assetFor(deps.db, auth, assetId, 'asset.view');

  const creditOwner = creditOwnerOf(owner);
  const id = randomUUID();
  const { row, eventId } = await deps.db.transaction(async (tx) => {
    const entitlements = await entitlementsFor(tx, creditOwner);
    if (body.brandKitId) assertEntitled(entitlements, 'canUseBrandKits', 'Using a brand kit');
    const reservation = await reserve(tx, creditOwner, {
      operation: 'samples',
      idempotencyKey: samplesReservationKey(id, 1),
      reference: id,
      ttlMs: RESERVATION_TTL_MS,
      ...paidBy(auth, API_GENERATION_CENTS),
    });
    const [row] = await tx
      .insert(generations)
      .values({
        id,
        projectId: project.id,
        ownerUserId: owner.ownerUserId,
        teamId: owner.teamId,
        createdBy: auth.userId,
        apiKeyId: auth.apiKey?.id ?? null,
        prompt: body.prompt,
        format,
        width: size.width,
        height: size.height,
        brandKitId: body.brandKitId ?? null,
        style: body.style ?? null,
        tone: body.tone ?? null,
        inputAssetIds: body.inputAssetIds ?? [],
        plan: entitlements.plan,
        samplesReservationId: reservation.id,
        samplesCost: reservation.amount,
      })
      .returning();
    const eventId = await deps.outbox.add(tx, events.generationRequested, { ...about(row!), batch: 1 });
    return { row: row!, eventId };
  });
  await deps.outbox.relay([eventId]);
  await countForKey(deps, auth);
  return { id: row.id, state: row.state, statusUrl: `/v1/generations/${row.id}` };
}

/** A generation the caller may see (404 otherwise, as for any foreign id). */
async function generationFor(tx: Tx | GenerationsDeps['db'], auth: AuthClaims, id: string, lock: boolean) {
  const query = tx.select().from(generations).where(eq(generations.id, id));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new NotFoundError('Generation');
  await projectFor(tx, auth, row.projectId, lock ? 'generation.create' : 'generation.view').catch(
    (err: unknown) => {
      throw err instanceof NotFoundError ? new NotFoundError('Generation') : err;
    },
  );
  return row;
}

export async function getGeneration(deps: GenerationsDeps, auth: AuthClaims, id: string) {
  return present(deps, await generationFor(deps.db, auth, id, false));
}

export async function listGenerations(
  deps: GenerationsDeps,
  auth: AuthClaims,
  query: z.infer<typeof listQuery>,
) {
  await projectFor(deps.db, auth, query.projectId, 'generation.view');
  const order = newestFirst(generations.createdAt, generations.id, decodeCursor(query.cursor));
  const rows = await deps.db
    .select()
    .from(generations)
    .where(and(eq(generations.projectId, query.projectId), order.where))
    .orderBy(...order.orderBy)
    .limit(query.limit + 1);
  const { items, nextCursor } = page(rows, query.limit);
  return { items: await Promise.all(items.map((g) => present(deps, g))), nextCursor };
}

/** What the studio shows before sending: prices under the plan in force, and the balance. */
export async function quote(deps: GenerationsDeps, auth: AuthClaims, projectId: string) {
  const { owner } = await projectFor(deps.db, auth, projectId, 'generation.view');
  const creditOwner = creditOwnerOf(owner);
  return deps.db.transaction(async (tx) => {
    const entitlements = await entitlementsFor(tx, creditOwner);
    const summary = await creditSummary(tx, creditOwner);
    const plan = plans[entitlements.plan];
    const samplesFree = plan.freeSampleBatches > summary.usage.sampleBatches;
    return {
      plan: entitlements.plan,
      costs: {
        samples: samplesFree ? 0 : costs.samples,
        final_standard: plan.freeStandardFinals ? 0 : costs.final_standard,
        final_high: costs.final_high,
      },
      available: summary.available,
      watermark: plan.watermark,
      canUseBrandKits: plan.canUseBrandKits,
      offline: await deps.isOffline(),
    };
  });
}

/** Runs `change` on the locked row after checking the caller and the transition; relays its event. */
async function transition(
  deps: GenerationsDeps,
  auth: AuthClaims,
  id: string,
  action: Action,
  change: (tx: Tx, g: Generation) => Promise<{ set: Partial<Generation>; eventId?: string }>,
) {
  const { row, eventId } = await deps.db.transaction(async (tx) => {
    const g = await generationFor(tx, auth, id, true);
    assertAllowed(action, g.state);
    const { set, eventId } = await change(tx, g);
    const [row] = await tx
      .update(generations)
      .set({ ...set, updatedAt: new Date() })
      .where(eq(generations.id, id))
      .returning();
    return { row: row!, eventId };
  });
  if (eventId) await deps.outbox.relay([eventId]);
  return present(deps, row);
}

/** A new batch of four samples for the same request (priced like the first). */
export async function regenerate(deps: GenerationsDeps, auth: AuthClaims, id: string) {
  const answer = await transition(deps, auth, id, 'regenerate', async (tx, g) => {
    const batch = g.batch + 1;
    const reservation = await reserve(tx, creditOwnerOf(g), {
      operation: 'samples',
      idempotencyKey: samplesReservationKey(g.id, batch),
      reference: g.id,
      ttlMs: RESERVATION_TTL_MS,
      ...paidBy(auth, API_GENERATION_CENTS),
    });
    const eventId = await deps.outbox.add(tx, events.generationRequested, { ...about(g), batch });
    return {
      set: {
        state: 'pending' as GenerationState,
        batch,
        samplesReservationId: reservation.id,
        samplesCost: reservation.amount,
        selectedSampleId: null,
        quality: null,
        finalReservationId: null,
        finalCost: null,
        error: null,
        stageStartedAt: new Date(),
        batchStartedAt: new Date(),
        firstSampleAt: null,
        samplesDoneAt: null,
      },
      eventId,
    };
  });
  await countForKey(deps, auth);
  return answer;
}

/** Selecting a delivered sample of the current batch pays for and starts its final. */
export const select = (
  deps: GenerationsDeps,
  auth: AuthClaims,
  id: string,
  body: z.infer<typeof selectBody>,
) =>
  transition(deps, auth, id, 'select', async (tx, g) => {
    const [sample] = await tx
      .select({ id: samples.id })
      .from(samples)
      .where(
        and(
          eq(samples.id, body.sampleId),
          eq(samples.generationId, g.id),
          eq(samples.batch, g.batch),
          eq(samples.state, 'ready'),
        ),
      );
    if (!sample) throw new NotFoundError('Sample');
    const reservation = await reserve(tx, creditOwnerOf(g), {
      operation: body.quality === 'high' ? 'final_high' : 'final_standard',
      idempotencyKey: finalReservationKey(g.id, sample.id),
      reference: g.id,
      ttlMs: RESERVATION_TTL_MS,
      ...paidBy(auth, 0),
    });
    const eventId = await deps.outbox.add(tx, events.finalRequested, {
      ...about(g),
      sampleId: sample.id,
      quality: body.quality,
    });
    return {
      set: {
        state: 'processing_final' as GenerationState,
        selectedSampleId: sample.id,
        quality: body.quality,
        finalReservationId: reservation.id,
        finalCost: reservation.amount,
        stageStartedAt: new Date(),
      },
      eventId,
    };
  });

/** Stops the work: whatever it still holds comes back (a cancelled job is not charged). */
export const cancel = (deps: GenerationsDeps, auth: AuthClaims, id: string) =>
  transition(deps, auth, id, 'cancel', async (tx, g) => {
    const final = g.state === 'processing_final';
    const running = g.state !== 'awaiting_selection';
    const held = final ? g.finalReservationId : g.samplesReservationId;
    if (running) await settle(tx, held, 'release', 'cancelled by the user');
    return {
      set: {
        state: 'cancelled' as GenerationState,
        ...(running ? (final ? { finalCost: 0 } : { samplesCost: 0 }) : {}),
        error: {
          code: 'cancelled',
          message: running
            ? 'You cancelled this generation. Nothing was charged for the unfinished work.'
            : 'You cancelled this generation. The samples already delivered stay paid; nothing else is charged.',
        },
      },
    };
  });
