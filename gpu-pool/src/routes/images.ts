import { issuesToDetails, ValidationError } from '@atelier/shared/errors';
import { parseJson } from '@atelier/shared/http/validate';
import type { Context, Hono } from 'hono';
import * as z from 'zod';
import { PoolError } from '../batching/errors';
import type { ModelPool } from '../batching/pool';
import { upscale } from '../upscale/upscale';
import { decodeImage } from './image-input';

const upscaleBody = z.strictObject({
  /** base64 or a data:image/…;base64, URL (PNG, JPEG, WebP, …). */
  image: z.string().min(1),
  /** ×2 by default, or the named model's factor. */
  scale: z.coerce.number().int().min(2).max(8).optional(),
  /** A model of task `upscale`; the first loaded one of that scale when unset. */
  model: z.string().min(1).optional(),
  /** `b64_json` (default): OpenAI's images shape; `png`: the PNG itself as the body. */
  response_format: z.enum(['b64_json', 'png']).default('b64_json'),
});

/** JSON, or multipart/form-data with the image as a file part (as OpenAI's image edits take it). */
async function readUpscale(c: Context) {
  if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
    const body = await parseJson(c, upscaleBody);
    return { ...body, bytes: decodeImage(body.image, 'image') };
  }
  const form = await c.req.formData().catch(() => {
    throw new ValidationError('The multipart body cannot be parsed');
  });
  const file = form.get('image');
  const fields = Object.fromEntries([...form.entries()].filter(([k]) => k !== 'image'));
  const parsed = upscaleBody.omit({ image: true }).safeParse(fields);
  if (!parsed.success)
    throw new ValidationError('Invalid request body', issuesToDetails(parsed.error.issues));
  if (!(file instanceof File)) {
    throw new ValidationError('image: a file part named image is required', { param: 'image' });
  }
  return { ...parsed.data, bytes: Buffer.from(await file.arrayBuffer()) };
}

/**
 * `POST /v1/images/upscale` (the pool's own route): the image × scale, tiled through the model's
 * batcher so tiles of concurrent requests share batches. `POST /v1/images/generations` answers 501
 * until a model of task `generation` is mounted.
 */
export function imageRoutes(app: Hono, pool: ModelPool): void {
  app.post('/v1/images/upscale', async (c) => {
    const req = await readUpscale(c);
    // A named model brings its own factor; without one, ×2 unless asked.
    const served = pool.pick('upscale', req.model, req.scale ?? (req.model ? undefined : 2));
    const factor = req.scale ?? served.entry.config.scale ?? 2;
    // One deadline for the whole request: its tiles go in several runs, none may restart the clock.
    const deadlineAt = Date.now() + (pool.options.deadlineMs ?? 60_000);
    const { config } = served.entry;
    const signal = c.req.raw.signal;
    const result = await upscale(
      {
        name: served.model.name,
        input: served.model.input,
        scale: config.scale,
        inputRange: config.input.range,
        outputRange: config.output.range,
      },
      req.bytes,
      factor,
      (items) => served.run(items, { signal, deadlineMs: Math.max(1, deadlineAt - Date.now()) }),
      { signal },
    );
    const size = { width: result.width, height: result.height };
    if (req.response_format === 'png') {
      return c.body(new Uint8Array(result.png), 200, {
        'content-type': 'image/png',
        'x-image-width': String(size.width),
        'x-image-height': String(size.height),
        'x-model': served.model.name,
      });
    }
    return c.json({
      created: Math.floor(Date.now() / 1000),
      model: served.model.name,
      ...size,
      data: [{ b64_json: result.png.toString('base64') }],
    });
  });

  app.post('/v1/images/generations', () => {
    const generator = pool.models().find((s) => s.model.task === 'generation');
    if (!generator) {
      throw new PoolError(
        'not_implemented',
        501,
        'No generation model is mounted in this pool. Add one (task "generation") to the model repository; multi-stage diffusion pipelines are out of scope, one-step generators are served by the ONNX runtime.',
      );
    }
    throw new PoolError(
      'not_implemented',
      501,
      `Model ${generator.model.name} is mounted, but the generations route for it is not built yet`,
    );
  });
}
