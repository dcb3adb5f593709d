import { createRequire } from 'node:module';
import { type AppError, RetryLaterError } from '@atelier/shared/errors';
import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedModel } from '../runtime/types';
import { Batcher } from './batcher';
import { CancelledError, DeadlineExceededError } from './errors';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs') as typeof TF;
require('@tensorflow/tfjs-backend-wasm');

const SIDE = 8;
const shape = [SIDE, SIDE, 3];
const itemLength = SIDE * SIDE * 3;

/** Deterministic values in [-1, 1) so the conv's weights and the inputs are fixed across runs. */
const seeded = (n: number, seed: number) => {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
};

/** A real tfjs network (two 3×3 convs with fixed weights) behind the LoadedModel interface. */
function convModel(opts: { maxBatchSize: number; maxQueueDelayMs: number; declaredSide?: number }) {
  const net = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: shape, filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same' }),
    ],
  });
  net.setWeights(net.getWeights().map((w, i) => tf.tensor(seeded(w.size, 7 + i), w.shape)));
  const side = opts.declaredSide ?? SIDE;
  const model: LoadedModel = {
    name: 'conv-test',
    version: '1',
    task: 'image-to-image',
    runtime: 'tfjs',
    executionProvider: 'wasm',
    input: { shape: [side, side, 3] },
    output: { shape: [side, side, 3] },
    maxBatchSize: opts.maxBatchSize,
    maxQueueDelayMs: opts.maxQueueDelayMs,
    async runBatch(items) {
      const x = tf.tensor4d(concat(items), [items.length, side, side, 3]);
      const y = net.predict(x) as TF.Tensor;
      const data = (await y.data()) as Float32Array;
      x.dispose();
      y.dispose();
      const n = data.length / items.length;
      return items.map((_, i) => data.slice(i * n, (i + 1) * n));
    },
    async dispose() {
      net.dispose();
    },
  };
  return model;
}

const concat = (items: Float32Array[]) => {
  const out = new Float32Array(items.reduce((n, it) => n + it.length, 0));
  let at = 0;
  for (const it of items) {
    out.set(it, at);
    at += it.length;
  }
  return out;
};

const maxAbsDiff = (a: Float32Array, b: Float32Array) =>
  a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

describe('Batcher with a real tfjs model', () => {
  it('runs 32 concurrent requests in fewer batches, each result equal to its unbatched result', async () => {
    const model = convModel({ maxBatchSize: 8, maxQueueDelayMs: 20 });
    const sizes: number[] = [];
    const batcher = new Batcher(model, { maxQueue: 64, observer: { batch: (_, size) => sizes.push(size) } });
    const inputs = Array.from({ length: 32 }, (_, i) => seeded(itemLength, 100 + i));

    const batched = await Promise.all(inputs.map((x) => batcher.submit(x)));

    expect(batcher.runs).toBeLessThan(32);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(32);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(8);
    for (const [i, x] of inputs.entries()) {
      const [alone] = await model.runBatch([x]);
      expect(batched[i]!.length).toBe(itemLength);
      expect(maxAbsDiff(batched[i]!, alone!)).toBeLessThan(1e-4);
    }
  });

  it('refuses an item when the queue is full with 503 retry_later and a Retry-After', async () => {
    // A long delay keeps the first two items waiting, so the queue is full when the third arrives.
    const batcher = new Batcher(convModel({ maxBatchSize: 8, maxQueueDelayMs: 300 }), { maxQueue: 2 });
    const waiting = [batcher.submit(seeded(itemLength, 1)), batcher.submit(seeded(itemLength, 2))];

    const refused = await batcher.submit(seeded(itemLength, 3)).catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(RetryLaterError);
    expect((refused as RetryLaterError).status).toBe(503);
    expect((refused as RetryLaterError).code).toBe('retry_later');
    expect((refused as RetryLaterError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await Promise.all(waiting)).toHaveLength(2);
  });

  it('frees the slot of a request aborted while queued, and rejects it', async () => {
    const batcher = new Batcher(convModel({ maxBatchSize: 8, maxQueueDelayMs: 300 }), { maxQueue: 2 });
    const gone = new AbortController();
    const aborted = batcher.submit(seeded(itemLength, 1), { signal: gone.signal }).catch((e: unknown) => e);
    const kept = batcher.submit(seeded(itemLength, 2));
    expect(batcher.depth).toBe(2);

    gone.abort();

    expect(batcher.depth).toBe(1);
    expect(await aborted).toBeInstanceOf(CancelledError);
    const later = batcher.submit(seeded(itemLength, 3));
    expect(batcher.depth).toBe(2);
    expect(await Promise.all([kept, later])).toHaveLength(2);
    expect(batcher.runs).toBe(1);
  });

  it('rejects with 504 deadline_exceeded when the deadline passes while queued', async () => {
    const batcher = new Batcher(convModel({ maxBatchSize: 8, maxQueueDelayMs: 1000 }), { maxQueue: 4 });

    const err = await batcher.submit(seeded(itemLength, 1), { deadlineMs: 10 }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(DeadlineExceededError);
    expect((err as AppError).status).toBe(504);
    expect((err as AppError).code).toBe('deadline_exceeded');
    expect(batcher.depth).toBe(0);
    expect(batcher.runs).toBe(0);
  });

  it('rejects every item of a batch the model fails on', async () => {
    // Declared 4×4 items reach a network built for 8×8: the runtime itself refuses the batch.
    const batcher = new Batcher(convModel({ maxBatchSize: 4, maxQueueDelayMs: 5, declaredSide: 4 }), {
      maxQueue: 8,
    });
    const results = await Promise.allSettled([1, 2, 3].map((s) => batcher.submit(seeded(4 * 4 * 3, s))));

    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(batcher.runs).toBe(1);
  });

  it('refuses an item of the wrong size before it joins a batch', async () => {
    const batcher = new Batcher(convModel({ maxBatchSize: 4, maxQueueDelayMs: 5 }), { maxQueue: 8 });
    await expect(batcher.submit(new Float32Array(5))).rejects.toThrow(/takes items of 192 values/);
    expect(batcher.depth).toBe(0);
  });
});
