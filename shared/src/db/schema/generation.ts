import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** AI generation requests, their samples and finals (PRODUCT.md §4). Owned by the generation functions. */
export const generation = pgSchema('generation');

export const generationStates = [
  'pending',
  'processing_samples',
  'awaiting_selection',
  'processing_final',
  'completed',
  'failed',
  'cancelled',
  'content_rejected',
] as const;
export type GenerationState = (typeof generationStates)[number];

export const qualities = ['standard', 'high'] as const;
export type Quality = (typeof qualities)[number];

/** Why a generation ended badly, in plain words for the user (never a provider's raw message). */
export interface GenerationError {
  code: string;
  message: string;
  categories?: string[];
}

export interface FinalInfo {
  width: number;
  height: number;
  /** 'gpu-pool' (the pool's upscaling model), 'redraw' (offline, drawn at size) or 'resize' (sharp). */
  upscaler: string;
  latencyMs: number;
  watermarked: boolean;
}

/**
 * One request: what was asked, where it stands, and the reservations that hold its credits. The
 * credit owner (user or team) is the project's workbench owner at request time.
 */
export const generations = generation.table(
  'generations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id').notNull(),
    ownerUserId: uuid('owner_user_id'),
    teamId: uuid('team_id'),
    createdBy: uuid('created_by').notNull(),
    /** The API key that asked for it (public API), null from the app. */
    apiKeyId: uuid('api_key_id'),
    state: text('state', { enum: generationStates }).notNull().default('pending'),
    prompt: text('prompt').notNull(),
    format: text('format').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    brandKitId: uuid('brand_kit_id'),
    style: text('style'),
    tone: text('tone'),
    inputAssetIds: uuid('input_asset_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** The plan in force when the request was accepted: it picks providers and the watermark. */
    plan: text('plan').notNull(),
    /** The current sample batch (a regeneration starts the next one). */
    batch: integer('batch').notNull().default(1),
    samplesReservationId: uuid('samples_reservation_id'),
    samplesCost: integer('samples_cost').notNull().default(0),
    selectedSampleId: uuid('selected_sample_id'),
    quality: text('quality', { enum: qualities }),
    finalReservationId: uuid('final_reservation_id'),
    finalCost: integer('final_cost'),
    finalAssetId: uuid('final_asset_id'),
    finalVersion: integer('final_version'),
    /** How the final was made: upscaler, size, latency, watermark. */
    finalInfo: jsonb('final_info').$type<FinalInfo>(),
    error: jsonb('error').$type<GenerationError>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** When the current stage (batch or final) was accepted: the sweep fails work stuck past a timeout. */
    stageStartedAt: timestamp('stage_started_at', { withTimezone: true }).notNull().defaultNow(),
    /** When the current batch was accepted (the samples' timings count from here). */
    batchStartedAt: timestamp('batch_started_at', { withTimezone: true }).notNull().defaultNow(),
    firstSampleAt: timestamp('first_sample_at', { withTimezone: true }),
    samplesDoneAt: timestamp('samples_done_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    index('generations_project_idx').on(t.projectId, t.createdAt, t.id),
    index('generations_active_idx')
      .on(t.stageStartedAt)
      .where(sql`${t.state} in ('pending', 'processing_samples', 'processing_final')`),
  ],
);

/**
 * One sample image of a batch (4 a batch), stored under `generations/<id>/…`. The unique (generation,
 * batch, index) makes a redelivered request find what an earlier delivery already made.
 */
export const samples = generation.table(
  'samples',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    generationId: uuid('generation_id')
      .notNull()
      .references(() => generations.id, { onDelete: 'cascade' }),
    batch: integer('batch').notNull(),
    index: integer('index').notNull(),
    /** `expired`: an unselected sample whose file the 30-day retention removed. */
    state: text('state', { enum: ['ready', 'failed', 'rejected', 'expired'] }).notNull(),
    storageKey: text('storage_key'),
    width: integer('width'),
    height: integer('height'),
    provider: text('provider'),
    model: text('model'),
    latencyMs: integer('latency_ms'),
    attempts: integer('attempts').notNull().default(1),
    /** Credits this sample cost: a quarter of its batch's price (PRODUCT.md §5), as a decimal string. */
    cost: text('cost').notNull().default('0'),
    error: jsonb('error').$type<GenerationError>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('samples_slot_idx').on(t.generationId, t.batch, t.index)],
);
