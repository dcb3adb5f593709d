/**
 * Image moderation with nsfwjs's 5-class classifier, answered in OpenAI's moderation shape.
 *
 * Contract:
 * - `moderationInput(image)` decodes any image sharp reads (alpha flattened on white, stretched to
 *   224 × 224 like nsfwjs's own `classify`, values 0–1) into one item for the model's `runBatch`
 *   (repository config: `source: { npm: 'nsfwjs', path: 'MobileNetV2' }`, input [224, 224, 3],
 *   output [5]). An undecodable image → 415 `unsupported_media_type`.
 * - `moderate(scores, labels?)` maps the model's softmax scores (order: nsfwjs's classes, below) to
 *   one OpenAI `results[]` entry. The mapping and thresholds are in README.md beside this file.
 */
import { imageToItem } from '../image-tensor';

/** nsfwjs's output order (its `NSFW_CLASSES`: 0 Drawing, 1 Hentai, 2 Neutral, 3 Porn, 4 Sexy). */
export const NSFW_LABELS = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'] as const;
export type NsfwLabel = (typeof NSFW_LABELS)[number];

/** Every category key of OpenAI's moderation API (omni-moderation), in its documented order. */
export const OPENAI_CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const;
export type OpenAICategory = (typeof OPENAI_CATEGORIES)[number];

export interface ModerationResult {
  flagged: boolean;
  categories: Record<OpenAICategory, boolean>;
  category_scores: Record<OpenAICategory, number>;
  /** Which inputs each category was judged on: `['image']` for `sexual`, `[]` for what we cannot judge. */
  category_applied_input_types: Record<OpenAICategory, ('text' | 'image')[]>;
}

/**
 * `sexual` = Porn + Hentai + SEXY_WEIGHT × Sexy, flagged at ≥ SEXUAL_THRESHOLD (README.md says why).
 */
export const SEXY_WEIGHT = 0.6;
export const SEXUAL_THRESHOLD = 0.5;

export interface ModerationPolicy {
  sexyWeight: number;
  threshold: number;
}

export function moderate(
  scores: ArrayLike<number>,
  labels: readonly string[] = NSFW_LABELS,
  policy: ModerationPolicy = { sexyWeight: SEXY_WEIGHT, threshold: SEXUAL_THRESHOLD },
): ModerationResult {
  const byLabel = new Map<string, number>();
  for (const label of NSFW_LABELS) {
    const i = labels.indexOf(label);
    if (i < 0 || i >= scores.length) throw new Error(`moderation model has no '${label}' score`);
    const v = scores[i]!;
    byLabel.set(label, Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);
  }
  const get = (l: NsfwLabel) => byLabel.get(l)!;
  const sexual = Math.min(1, get('Porn') + get('Hentai') + policy.sexyWeight * get('Sexy'));

  const categories = {} as Record<OpenAICategory, boolean>;
  const category_scores = {} as Record<OpenAICategory, number>;
  const category_applied_input_types = {} as Record<OpenAICategory, ('text' | 'image')[]>;
  for (const c of OPENAI_CATEGORIES) {
    categories[c] = false;
    category_scores[c] = 0;
    category_applied_input_types[c] = [];
  }
  categories.sexual = sexual >= policy.threshold;
  category_scores.sexual = sexual;
  category_applied_input_types.sexual = ['image'];
  return { flagged: categories.sexual, categories, category_scores, category_applied_input_types };
}

/** One model item from an image (see the module comment): 224² RGB on white, values 0–1. */
export const moderationInput = (image: Buffer, size = 224): Promise<Float32Array> =>
  imageToItem(image, { shape: [size, size, 3], layout: 'NHWC', range: [0, 1] });
