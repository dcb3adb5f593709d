import OpenAI, { APIError, APIUserAbortError } from 'openai';
import type { ImageGenerateParamsNonStreaming } from 'openai/resources/images';
import type { ModerationCreateParams, ModerationMultiModalInput } from 'openai/resources/moderations';
import { contentRejected, ProviderError } from './resilience';
import { fitTo } from './resize';
import { verdictOf } from './safety';
import type { ImageProvider, ImageRequest, ImageResult, Verdict } from './types';

export interface OpenAIOptions {
  /** Unset for a local compatible server that takes none (the SDK still wants one: a dummy is sent). */
  apiKey?: string;
  /** Unset = OpenAI; any OpenAI-compatible server otherwise (…/v1). */
  baseURL?: string;
  model: string;
  moderationModel: string;
  timeoutMs: number;
  /** The provider's name in chains, logs and breakers. */
  name?: string;
}

export interface OpenAIProvider extends ImageProvider {
  readonly model: string;
  moderateText(text: string, signal?: AbortSignal): Promise<Verdict>;
  moderateImage(png: Buffer, signal?: AbortSignal): Promise<Verdict>;
}

type Size = NonNullable<ImageGenerateParamsNonStreaming['size']>;
const GPT_IMAGE: Array<[number, number]> = [
  [1024, 1024],
  [1536, 1024],
  [1024, 1536],
];
const DALL_E_3: Array<[number, number]> = [
  [1024, 1024],
  [1792, 1024],
  [1024, 1792],
];

/**
 * The size to ask for: the model's supported size nearest in aspect ratio (OpenAI's models take a fixed
 * few), or the exact size for any other (compatible) model. The result is then fitted to the exact size.
 */
export function requestSize(model: string, width: number, height: number): string {
  const nearest = (sizes: Array<[number, number]>) => {
    const target = Math.log(width / height);
    const [w, h] = sizes.reduce((best, s) =>
      Math.abs(Math.log(s[0] / s[1]) - target) < Math.abs(Math.log(best[0] / best[1]) - target) ? s : best,
    );
    return `${w}x${h}`;
  };
  if (/^gpt-image-/.test(model)) return nearest(GPT_IMAGE);
  if (model === 'dall-e-3') return nearest(DALL_E_3);
  if (model === 'dall-e-2') {
    const side = [256, 512, 1024].find((s) => s >= Math.max(width, height)) ?? 1024;
    return `${side}x${side}`;
  }
  return `${width}x${height}`;
}

/** OpenAI's content-policy refusals: `content_policy_violation` (DALL·E), `moderation_blocked` (gpt-image). */
const isPolicyRefusal = (err: APIError) =>
  err.status === 400 &&
  (err.code === 'content_policy_violation' ||
    err.code === 'moderation_blocked' ||
    /safety system|content policy/i.test(err.message));

/** SDK errors to ours: policy refusal → 422 content_rejected; the rest → ProviderError by status. */
export function mapOpenAIError(err: unknown): unknown {
  if (err instanceof APIUserAbortError) return err; // the caller's (or the try's) signal: withRetry tells which
  if (!(err instanceof APIError)) return err;
  if (isPolicyRefusal(err)) {
    return contentRejected(
      'The image service declined this prompt under its content policy. Try describing it differently.',
      ['provider_policy'],
    );
  }
  const status = err.status;
  const retryable = status === undefined || [408, 409, 429].includes(status) || status >= 500;
  return new ProviderError(`OpenAI ${status ?? 'connection'} ${err.code ?? err.name}`, {
    status,
    code: err.code ?? (status === undefined ? 'connection_error' : undefined),
    retryable,
    cause: err,
  });
}

const call = async <T>(p: Promise<T>): Promise<T> => {
  try {
    return await p;
  } catch (err) {
    throw mapOpenAIError(err);
  }
};

/** One OpenAI moderation result → Verdict (flagged categories by OpenAI's names, plain words). */
export function verdictFromModeration(result: { flagged: boolean; categories: object }): Verdict {
  const categories = Object.entries(result.categories)
    .filter(([, on]) => on === true)
    .map(([name]) => name);
  // `flagged` without a category (a server's own policy): still a refusal, with generic words.
  if (result.flagged && categories.length === 0) return verdictOf(['flagged']);
  return result.flagged ? verdictOf(categories) : { flagged: false, categories: [], reason: null };
}

export const pngDataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;

/** An ImageProvider for `model` on any OpenAI-style images API (OpenAI itself, or the gpu-pool). */
export function imagesProvider(client: OpenAI, model: string, name: string): ImageProvider {
  return {
    name,
    offline: false,
    async generate(req: ImageRequest): Promise<ImageResult> {
      const params: ImageGenerateParamsNonStreaming = {
        model,
        prompt: req.prompt,
        n: 1,
        size: requestSize(model, req.width, req.height) as Size,
        // gpt-image models always answer base64 and refuse the parameter; DALL·E defaults to URLs.
        ...(/^dall-e/.test(model) ? { response_format: 'b64_json' as const } : {}),
      };
      const res = await call(client.images.generate(params, { signal: req.signal }));
      const b64 = res.data?.[0]?.b64_json;
      if (!b64) throw new ProviderError(`${name} answered no image`, { code: 'no_image', retryable: true });
      const png = await fitTo(Buffer.from(b64, 'base64'), req.width, req.height);
      return { png, width: req.width, height: req.height, model };
    },
  };
}

/** OpenAI or an OpenAI-compatible server: image generation and moderation, SDK retries off (the chain retries). */
export function createOpenAIProvider(opts: OpenAIOptions): OpenAIProvider {
  const client = new OpenAI({
    apiKey: opts.apiKey ?? 'unused',
    baseURL: opts.baseURL,
    timeout: opts.timeoutMs,
    maxRetries: 0,
  });
  const moderate = async (input: ModerationCreateParams['input'], signal?: AbortSignal) => {
    const res = await call(client.moderations.create({ model: opts.moderationModel, input }, { signal }));
    const first = res.results[0];
    if (!first)
      throw new ProviderError('The moderation answer held no result', { code: 'no_result', retryable: true });
    return verdictFromModeration(first);
  };
  const images = imagesProvider(client, opts.model, opts.name ?? 'openai');
  return {
    ...images,
    model: opts.model,
    moderateText: (text, signal) => moderate(text, signal),
    moderateImage: (png, signal) =>
      moderate(
        [{ type: 'image_url', image_url: { url: pngDataUrl(png) } }] satisfies ModerationMultiModalInput[],
        signal,
      ),
  };
}
