import * as z from 'zod';

/**
 * One model version's `config.json` in the model repository (Triton-like: `<repo>/<model>/<version>/`).
 * The weights are a file next to it (`file`) or a model that ships inside an npm package (`npm` + `path`).
 */
const tensor = z.strictObject({
  name: z.string().optional(),
  shape: z.array(z.number().int().positive()).min(1).max(4),
});

export const modelConfig = z.strictObject({
  /** What clients ask for (`model` in the OpenAI API); defaults to the folder's name. */
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/)
    .optional(),
  task: z.enum(['upscale', 'moderation', 'image-to-image', 'image-classification', 'generation']),
  runtime: z.enum(['tfjs', 'onnx']),
  source: z.union([
    z.strictObject({ file: z.string().min(1) }),
    z.strictObject({ npm: z.string().min(1), path: z.string().min(1) }),
  ]),
  input: tensor.extend({
    layout: z.enum(['NHWC', 'NCHW']).default('NHWC'),
    /** Pixel values are scaled from 0–255 into this range before the model sees them. */
    range: z.tuple([z.number(), z.number()]).default([0, 1]),
  }),
  output: tensor.extend({
    layout: z.enum(['NHWC', 'NCHW']).default('NHWC'),
    range: z.tuple([z.number(), z.number()]).default([0, 1]),
  }),
  /** upscale: the model's factor (output = input × scale). */
  scale: z.number().int().min(1).max(8).optional(),
  /** classifiers: one label per output score, in order. */
  labels: z.array(z.string()).optional(),
  maxBatchSize: z.number().int().min(1).max(256).default(8),
  maxQueueDelayMs: z.number().min(0).max(1000).default(5),
  /** Tried in order; the first that loads is used (onnx: webgpu, cuda, cpu; tfjs: wasm, cpu). */
  executionProviders: z
    .array(z.enum(['wasm', 'cpu', 'webgpu', 'cuda']))
    .min(1)
    .optional(),
});
export type ModelConfig = z.infer<typeof modelConfig>;
