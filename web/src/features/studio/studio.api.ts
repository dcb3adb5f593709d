import type { ApiClient, FormatId, Page, PlanId } from '../../lib/api';
import { enc, query } from '../../lib/query';

/** The answers of functions/generations (`/v1/generations`), as the studio reads them. */

export type GenerationState =
  | 'pending'
  | 'processing_samples'
  | 'awaiting_selection'
  | 'processing_final'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'content_rejected';
export type Quality = 'standard' | 'high';

export interface Sample {
  id: string;
  batch: number;
  /** Its slot, 0..3: samples arrive in any order. */
  index: number;
  /** Presigned GET, valid for 5 minutes. */
  url: string;
  width: number;
  height: number;
  provider: string;
  model: string;
  latencyMs: number;
  offline: boolean;
}

export interface Generation {
  id: string;
  projectId: string;
  state: GenerationState;
  prompt: string;
  format: FormatId;
  width: number;
  height: number;
  brandKitId: string | null;
  style: string | null;
  tone: string | null;
  inputAssetIds: string[];
  batch: number;
  /** The offline preview provider made the samples: no AI model is configured. */
  offline: boolean;
  /** Only the current batch's delivered samples. */
  samples: Sample[];
  expectedSamples: number;
  selection: { sampleId: string; quality: Quality } | null;
  final: {
    assetId: string;
    version: number;
    url: string;
    downloadUrl: string;
    width: number;
    height: number;
    watermarked: boolean;
  } | null;
  costs: { samples: number; final: number | null };
  error: { code: string; message: string } | null;
  createdAt: string;
  updatedAt: string;
  timings: { firstSampleMs: number | null; samplesMs: number | null; finalMs: number | null };
}

export interface Quote {
  plan: PlanId;
  costs: { samples: number; final_standard: number; final_high: number };
  available: number;
  watermark: boolean;
  /** Whether the plan in force has brand kits (Pro and above). */
  canUseBrandKits: boolean;
  offline: boolean;
}

export interface NewGeneration {
  projectId: string;
  prompt: string;
  format?: FormatId;
  width?: number;
  height?: number;
  brandKitId?: string;
  style?: string;
  tone?: string;
}

/** details of a 402 insufficient_credits: what it takes and what would fix it. */
export interface CreditsShortfall {
  needed: number;
  available: number;
  fix: Array<'buy_credits' | 'upgrade'>;
  billingUrl: string;
}

export const PROMPT_MAX = 4000;
export const TEXT_MAX = 60;

/** States the pipeline is still working in: the studio polls while a generation is in one. */
export const runningStates: readonly GenerationState[] = [
  'pending',
  'processing_samples',
  'processing_final',
];
export const cancellableStates: readonly GenerationState[] = [
  'pending',
  'processing_samples',
  'awaiting_selection',
  'processing_final',
];
export const regenerableStates: readonly GenerationState[] = ['awaiting_selection', 'failed', 'completed'];
export const endedStates: readonly GenerationState[] = ['failed', 'cancelled', 'content_rejected'];

/** functions/generations: start, follow, regenerate, select, cancel; the quote and a project's history. */
export const generationsApi = (api: ApiClient) => ({
  start: (body: NewGeneration) =>
    api.post<{ id: string; state: GenerationState; statusUrl: string }>('/v1/generations', body),
  quote: (projectId: string) => api.get<Quote>(`/v1/generations/quote${query({ projectId })}`),
  list: (projectId: string, cursor?: string) =>
    api.get<Page<Generation>>(`/v1/generations${query({ projectId, cursor, limit: 10 })}`),
  get: (id: string) => api.get<Generation>(`/v1/generations/${enc(id)}`),
  regenerate: (id: string) => api.post<Generation>(`/v1/generations/${enc(id)}/regenerate`),
  select: (id: string, sampleId: string, quality: Quality) =>
    api.post<Generation>(`/v1/generations/${enc(id)}/select`, { sampleId, quality }),
  cancel: (id: string) => api.post<Generation>(`/v1/generations/${enc(id)}/cancel`),
});
export type GenerationsApi = ReturnType<typeof generationsApi>;
