import { parseJson } from '@atelier/shared/http/validate';
import type { Hono } from 'hono';
import sharp from 'sharp';
import * as z from 'zod';
import { PoolError } from '../batching/errors';
import type { ModelPool } from '../batching/pool';
import { dims, imageToItem, type Tensor } from '../image-tensor';
import { decodeImage } from './image-input';

const runBody = z.strictObject({
  /** A model of task `image-to-image` or `image-classification` (GET /v1/models lists them). */
  model: z.string().min(1),
  /** base64 or a data:image/…;base64, URL. */
  image: z.string().min(1),
});

/** A model output back into 8-bit pixels (PNG; one channel = a greyscale mask). */
async function toPng(out: Float32Array, output: Tensor) {
  const { h, w, c } = dims(output);
  const [lo, hi] = output.range;
  const px = Buffer.alloc(h * w * c);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let k = 0; k < c; k++) {
        const v = out[output.layout === 'NCHW' ? k * h * w + y * w + x : (y * w + x) * c + k]!;
        px[(y * w + x) * c + k] = Math.max(0, Math.min(255, Math.round(((v - lo) / (hi - lo)) * 255)));
      }
  const png = await sharp(px, { raw: { width: w, height: h, channels: c as 1 | 3 | 4 } })
    .png()
    .toBuffer();
  return { png, width: w, height: h };
}

/**
 * `POST /v1/images/run` (the pool's own): any single-graph image model of the repository — image in,
 * image out (`image-to-image`: segmentation masks, restoration, one-step generators) or scores out
 * (`image-classification`, with the config's labels). The image is resized to the model's input and
 * goes through the model's batcher like every other item.
 */
export function runRoutes(app: Hono, pool: ModelPool): void {
  app.post('/v1/images/run', async (c) => {
    const body = await parseJson(c, runBody);
    const served = pool.models().find((s) => s.model.name === body.model);
    const task = served?.model.task;
    if (!served || (task !== 'image-to-image' && task !== 'image-classification'))
      throw new PoolError(
        'model_not_found',
        404,
        `No image-to-image or image-classification model named ${body.model}; GET /v1/models lists them`,
        { model: body.model },
      );
    const { config } = served.entry;
    const item = await imageToItem(decodeImage(body.image, 'image'), config.input);
    const [out] = await served.run([item], { signal: c.req.raw.signal });
    const created = Math.floor(Date.now() / 1000);
    if (task === 'image-classification') {
      const labels = config.labels ?? [];
      const scores = Array.from(out!, (score, i) => ({ label: labels[i] ?? String(i), score }));
      return c.json({ created, model: served.model.name, data: scores.sort((a, b) => b.score - a.score) });
    }
    const { png, width, height } = await toPng(out!, config.output);
    return c.json({
      created,
      model: served.model.name,
      width,
      height,
      data: [{ b64_json: png.toString('base64') }],
    });
  });
}
