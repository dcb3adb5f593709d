import type { Served } from '../batching/pool';
import type { Moderate } from '../routes/moderations';
import { moderate, moderationInput, NSFW_LABELS } from './moderate';

/**
 * `POST /v1/moderations` for one result: each image becomes one model item (batched with everyone
 * else's through the model's batcher); several images in one result are judged by their worst score
 * per class. Text is not judged by an image model: a text-only result is not flagged, with zero scores
 * and no category applied.
 */
export const moderateImages: Moderate = async (served: Served, images: Buffer[], signal: AbortSignal) => {
  const labels = (served.model as { labels?: string[] }).labels ?? [...NSFW_LABELS];
  if (images.length === 0) {
    const none = moderate(new Array(labels.length).fill(0), labels);
    none.category_applied_input_types.sexual = [];
    return none;
  }
  const items = await Promise.all(images.map((image) => moderationInput(image)));
  const scores = await served.run(items, { signal });
  const worst = labels.map((_, i) => Math.max(...scores.map((s) => s[i] ?? 0)));
  return moderate(worst, labels);
};
