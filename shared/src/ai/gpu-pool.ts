import OpenAI from 'openai';
import { imagesProvider, mapOpenAIError, pngDataUrl, verdictFromModeration } from './openai';
import { ProviderError } from './resilience';
import type { ImageProvider, Verdict } from './types';

/**
 * The self-hosted gpu-pool (gpu-pool/README.md): its own upscale route, OpenAI-style moderation (its
 * NSFW image model) and, once it serves a text-to-image model, OpenAI-style generation.
 */

export interface GpuPoolOptions {
  /** The pool's base, ending in /v1. */
  baseURL: string;
  timeoutMs: number;
  /** How long GET /v1/models is trusted (60 s). */
  modelsCacheMs?: number;
}

export interface GpuPoolClient {
  readonly baseURL: string;
  /** The image `scale` times larger, as a PNG. */
  upscale(png: Buffer, scale: 2 | 4, signal?: AbortSignal): Promise<Buffer<ArrayBuffer>>;
  moderateImage(png: Buffer, signal?: AbortSignal): Promise<Verdict>;
  /** Whether the pool serves a text-to-image model (none ships today). */
  canGenerate(): Promise<boolean>;
  /** Generation through the pool; `available()` is `canGenerate()`, so chains skip it while it cannot. */
  generator: ImageProvider;
}

interface PoolModel {
  id: string;
  task?: string;
}
const GENERATION_TASKS = new Set(['generation', 'text-to-image']);

export function createGpuPoolClient(opts: GpuPoolOptions): GpuPoolClient {
  const baseURL = opts.baseURL.replace(/\/+$/, '');
  const cacheMs = opts.modelsCacheMs ?? 60_000;
  // The pool takes no key; the SDK wants one.
  const client = new OpenAI({ baseURL, apiKey: 'unused', timeout: opts.timeoutMs, maxRetries: 0 });

  let models: { at: number; list: Promise<PoolModel[]> } | undefined;
  const listModels = () => {
    if (!models || Date.now() - models.at > cacheMs) {
      const list = fetch(`${baseURL}/models`, { signal: AbortSignal.timeout(Math.min(opts.timeoutMs, 5000)) })
        .then(async (res) => {
          if (!res.ok)
            throw new ProviderError(`gpu-pool models: HTTP ${res.status}`, {
              status: res.status,
              retryable: true,
            });
          return ((await res.json()) as { data?: PoolModel[] }).data ?? [];
        })
        .catch((err: unknown) => {
          // A pool that is down or starting: asked again after a short while, not after the full minute.
          if (models?.list === list) models = { at: Date.now() - cacheMs + 5000, list };
          throw err;
        });
      models = { at: Date.now(), list };
    }
    return models.list;
  };
  const generationModel = async () =>
    (await listModels()).find((m) => GENERATION_TASKS.has(m.task ?? ''))?.id;
  const canGenerate = () =>
    generationModel().then(
      (id) => id !== undefined,
      () => false,
    );

  const generator: ImageProvider & { available(): Promise<boolean> } = {
    name: 'gpu-pool',
    offline: false,
    available: canGenerate,
    async generate(req) {
      const model = await generationModel();
      if (!model) {
        throw new ProviderError('The gpu-pool serves no text-to-image model', {
          status: 501,
          code: 'not_implemented',
          retryable: false,
        });
      }
      return imagesProvider(client, model, 'gpu-pool').generate(req);
    },
  };

  return {
    baseURL,
    canGenerate,
    generator,
    async upscale(png, scale, signal) {
      let res: Response;
      try {
        res = await fetch(`${baseURL}/images/upscale`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ image: png.toString('base64'), scale, response_format: 'png' }),
          signal: signal
            ? AbortSignal.any([signal, AbortSignal.timeout(opts.timeoutMs)])
            : AbortSignal.timeout(opts.timeoutMs),
        });
      } catch (err) {
        if (signal?.aborted) throw err;
        throw new ProviderError('gpu-pool unreachable', {
          code: 'connection_error',
          retryable: true,
          cause: err,
        });
      }
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
        throw new ProviderError(`gpu-pool upscale: ${body.error?.message ?? `HTTP ${res.status}`}`, {
          status: res.status,
          code: body.error?.code,
          retryable: [408, 409, 429].includes(res.status) || res.status >= 500,
        });
      }
      return Buffer.from(await res.arrayBuffer());
    },
    async moderateImage(png, signal) {
      try {
        // No model named: the pool's moderation model answers.
        const res = await client.moderations.create(
          { input: [{ type: 'image_url', image_url: { url: pngDataUrl(png) } }] },
          { signal },
        );
        const first = res.results[0];
        if (!first)
          throw new ProviderError('The moderation answer held no result', {
            code: 'no_result',
            retryable: true,
          });
        return verdictFromModeration(first);
      } catch (err) {
        throw mapOpenAIError(err);
      }
    },
  };
}
