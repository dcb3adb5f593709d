import { randomUUID } from 'node:crypto';
import { parseJson } from '@atelier/shared/http/validate';
import type { Hono } from 'hono';
import * as z from 'zod';
import type { ModelPool, Served } from '../batching/pool';
import { decodeImage } from './image-input';

const part = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: z.string() }),
  z.strictObject({
    type: z.literal('image_url'),
    image_url: z.strictObject({ url: z.string().min(1) }),
  }),
]);

/** OpenAI's request: a string, strings (one result each), or parts judged together (one result). */
const moderationBody = z.object({
  model: z.string().min(1).optional(),
  input: z.union([z.string(), z.array(z.string()).min(1).max(32), z.array(part).min(1).max(32)]),
});

/** One OpenAI moderation result (categories as OpenAI names them; see moderation/). */
export interface ModerationResult {
  flagged: boolean;
  categories: Record<string, boolean>;
  category_scores: Record<string, number>;
  category_applied_input_types: Record<string, string[]>;
}

/**
 * Judges the images of ONE result with the moderation model (the moderation module's `moderate`).
 * With no images (text only: the image model does not read text) it answers not flagged, zero scores.
 */
export type Moderate = (served: Served, images: Buffer[], signal: AbortSignal) => Promise<ModerationResult>;

/** `POST /v1/moderations`: images judged by the pool's moderation model; text is not judged here. */
export function moderationRoutes(app: Hono, pool: ModelPool, moderate: Moderate): void {
  app.post('/v1/moderations', async (c) => {
    const body = await parseJson(c, moderationBody);
    // Code written for OpenAI names OpenAI's models: those mean "the pool's moderation model".
    const openAiName = body.model !== undefined && /^(omni|text)-moderation-/.test(body.model);
    const served = pool.pick('moderation', openAiName ? undefined : body.model);
    const groups: Buffer[][] =
      typeof body.input === 'string'
        ? [[]]
        : body.input.every((i) => typeof i === 'string')
          ? body.input.map(() => [])
          : [
              (body.input as z.infer<typeof part>[]).flatMap((p, i) =>
                p.type === 'image_url' ? [decodeImage(p.image_url.url, `input.${i}.image_url.url`)] : [],
              ),
            ];
    const signal = c.req.raw.signal;
    const results = await Promise.all(groups.map((images) => moderate(served, images, signal)));
    return c.json({ id: `modr-${randomUUID()}`, model: served.model.name, results });
  });
}
