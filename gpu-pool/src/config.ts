import { int, z } from '@atelier/shared/config';
import { runtimeEnv } from './runtime/providers';

const list = z.pipe(
  z.string(),
  z.transform((s) =>
    s
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean),
  ),
);

/**
 * The pool's settings (parsed once by main.ts with the base and port pieces). Per-model settings —
 * batch size, batching delay, tensors, providers — live in each model's config.json instead.
 */
export const poolEnv = {
  ...runtimeEnv,
  /** The model repository folder; gpu-pool/models (slim ESRGAN ×2/×4 and nsfwjs) when unset. */
  GPU_POOL_MODELS: z.optional(z.string().check(z.minLength(1))),
  /**
   * Model folders to serve, comma-separated, each optionally pinned `name@version`. Unset: every
   * folder of GPU_POOL_MODELS, or the slim set of the default repository (whose medium and thick
   * ESRGAN configs are there to be chosen: `esrgan-thick-x4,nsfw-mobilenet-v2`).
   */
  GPU_POOL_MODEL_NAMES: z.optional(list),
  /** Items allowed to wait per model; one more is answered 503 with Retry-After. */
  GPU_POOL_MAX_QUEUE: z._default(int(1, 100_000), 256),
  /** Per-request deadline (queue + inference) for one item; 504 past it. */
  GPU_POOL_DEADLINE_MS: z._default(int(1, 600_000), 60_000),
  /** Overrides the base 1 MiB: images arrive base64 in JSON (24 MiB ≈ an 18 MB image). */
  BODY_LIMIT_BYTES: z._default(int(1, 1024 ** 3), 24 * 1024 * 1024),
};

/** What the default repository serves unless GPU_POOL_MODEL_NAMES says otherwise. */
export const defaultModelNames = ['esrgan-slim-x2', 'esrgan-slim-x4', 'nsfw-mobilenet-v2'];
