import * as z from 'zod';
import { CUSTOM_MAX_PX, CUSTOM_MIN_PX, formatIds } from '../creative/formats';
import { planIds } from '../db/schema/billing';
import { generationStates, qualities } from '../db/schema/generation';
import { pageQuery } from '../http/pagination';
import { type ApiOperation, customSizeRule, noSizeWithoutFormat, pageOf, timestamp, uuid } from './common';

// --- Requests (the generations function validates with these) -----------------------------------

/** PRODUCT.md §4: a prompt is at most 4,000 characters. */
export const PROMPT_MAX = 4000;
const px = z.number().int().min(CUSTOM_MIN_PX).max(CUSTOM_MAX_PX);
const shortText = z.string().trim().min(1).max(60);

export const createGenerationBody = z
  .strictObject({
    projectId: uuid('a project id'),
    prompt: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(PROMPT_MAX, `must be at most ${PROMPT_MAX} characters`),
    format: z.enum(formatIds).optional().describe("Defaults to the project's format"),
    width: px.optional().describe('Only with format `custom`'),
    height: px.optional().describe('Only with format `custom`'),
    brandKitId: uuid('a brand kit id').optional(),
    style: shortText.optional(),
    tone: shortText.optional(),
    inputAssetIds: z.array(uuid('asset ids')).max(4).optional(),
  })
  .superRefine((body, ctx) => {
    const sized = body.width !== undefined || body.height !== undefined;
    if (body.format === 'custom' && (body.width === undefined || body.height === undefined))
      ctx.addIssue({ code: 'custom', path: ['width'], message: 'a custom format needs width and height' });
    if (sized && body.format !== 'custom')
      ctx.addIssue({ code: 'custom', path: ['format'], message: 'width and height go with format "custom"' });
  })
  .meta({
    allOf: [...customSizeRule, noSizeWithoutFormat],
    description: 'A size (`width`, `height`) goes with format `custom` only, and `custom` needs one.',
  });
export type CreateGenerationBody = z.infer<typeof createGenerationBody>;

export const selectSampleBody = z.strictObject({
  sampleId: uuid('a sample id'),
  quality: z.enum(qualities),
});

export const generationIdParams = z.strictObject({ id: uuid('a generation id') });
export const listGenerationsQuery = z.strictObject({ projectId: uuid('a project id'), ...pageQuery });
export const quoteQuery = z.strictObject({ projectId: uuid('a project id') });

// --- Responses (what generations/src/present.ts and the service answer) -------------------------

const ms = z.number().int().nullable();

export const generationSample = z.object({
  id: z.uuid(),
  batch: z.number().int(),
  index: z.number().int(),
  url: z.string().describe('A short-lived link to the image'),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  latencyMs: ms,
  cost: z.string().describe('Credits, as a decimal string (a quarter of the batch)'),
  offline: z.boolean().describe('An offline preview (no AI provider was configured)'),
});

export const generationView = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  state: z.enum(generationStates),
  prompt: z.string(),
  format: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  brandKitId: z.uuid().nullable(),
  style: z.string().nullable(),
  tone: z.string().nullable(),
  inputAssetIds: z.array(z.uuid()),
  plan: z.enum(planIds).describe('The plan in force when the request was accepted'),
  batch: z.number().int().describe('The current batch of samples (a regeneration starts the next)'),
  offline: z.boolean(),
  expectedSamples: z.number().int(),
  samples: z.array(generationSample).describe("The current batch's delivered samples"),
  selection: z.object({ sampleId: z.uuid(), quality: z.enum(qualities).nullable() }).nullable(),
  final: z
    .object({
      assetId: z.uuid(),
      version: z.number().int(),
      url: z.string(),
      downloadUrl: z.string(),
      width: z.number().int(),
      height: z.number().int(),
      watermarked: z.boolean(),
      upscaler: z.string(),
    })
    .nullable()
    .describe('The finished image (an asset version), once completed'),
  costs: z.object({ samples: z.number().int(), final: z.number().int().nullable() }),
  error: z
    .object({ code: z.string(), message: z.string(), categories: z.array(z.string()).optional() })
    .nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  timings: z.object({ firstSampleMs: ms, samplesMs: ms, finalMs: ms }),
});

export const generationAccepted = z.object({
  id: z.uuid(),
  state: z.enum(generationStates),
  statusUrl: z.string().describe('Where to poll the generation'),
});

export const generationQuote = z.object({
  plan: z.enum(planIds),
  costs: z.object({
    samples: z.number().int(),
    final_standard: z.number().int(),
    final_high: z.number().int(),
  }),
  available: z.number().describe('Credits available to the project owner'),
  watermark: z.boolean(),
  canUseBrandKits: z.boolean(),
  offline: z.boolean(),
});

export const generationPage = pageOf(generationView);

export const generationSchemas = {
  Generation: generationView,
  GenerationSample: generationSample,
  GenerationAccepted: generationAccepted,
  GenerationPage: generationPage,
  GenerationQuote: generationQuote,
};

// --- Operations ---------------------------------------------------------------------------------

const tag = 'Generations';
const generation = { description: 'The generation', schema: generationView };
const paid = [402, 409, 422] as const;

export const generationOperations: ApiOperation[] = [
  {
    operationId: 'createGeneration',
    method: 'post',
    path: '/v1/generations',
    tag,
    summary: 'Request a generation',
    description:
      "Holds the samples' credits and starts four samples; poll `statusUrl` (or subscribe to the " +
      '`generation.*` webhooks) until the state is `awaiting_selection`, then select one.',
    body: createGenerationBody,
    responses: {
      202: { description: 'Accepted', schema: generationAccepted, location: true },
    },
    errors: [...paid],
  },
  {
    operationId: 'listGenerations',
    method: 'get',
    path: '/v1/generations',
    tag,
    summary: "List a project's generations (newest first)",
    query: listGenerationsQuery,
    responses: { 200: { description: 'A page of generations', schema: generationPage } },
  },
  {
    operationId: 'quoteGeneration',
    method: 'get',
    path: '/v1/generations/quote',
    tag,
    summary: 'Prices and balance for a generation in a project',
    query: quoteQuery,
    responses: { 200: { description: 'The quote', schema: generationQuote } },
  },
  {
    operationId: 'getGeneration',
    method: 'get',
    path: '/v1/generations/:id',
    tag,
    summary: 'Get a generation (state, samples, final)',
    params: generationIdParams,
    responses: { 200: generation },
  },
  {
    operationId: 'regenerateGeneration',
    method: 'post',
    path: '/v1/generations/:id/regenerate',
    tag,
    summary: 'A new batch of samples for the same request',
    params: generationIdParams,
    responses: { 202: { ...generation, description: 'Accepted' } },
    errors: [...paid],
  },
  {
    operationId: 'selectSample',
    method: 'post',
    path: '/v1/generations/:id/select',
    tag,
    summary: 'Select a sample: pays for and starts its final',
    params: generationIdParams,
    body: selectSampleBody,
    responses: { 202: { ...generation, description: 'Accepted' } },
    errors: [...paid],
  },
  {
    operationId: 'cancelGeneration',
    method: 'post',
    path: '/v1/generations/:id/cancel',
    tag,
    summary: 'Cancel a generation (unfinished work is not charged)',
    params: generationIdParams,
    responses: { 200: generation },
    errors: [409],
  },
];
