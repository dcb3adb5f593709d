import type { Logger } from '../log';
import type { Redis } from '../redis';
import { type Breaker, type BreakerOptions, type BreakerSnapshot, createBreaker } from './breaker';
import { createGpuPoolClient, type GpuPoolClient } from './gpu-pool';
import { offlineProvider } from './offline';
import { createOpenAIProvider, type OpenAIProvider } from './openai';
import { createImageChain, type ImageChain } from './resilience';
import type { ImageModerator, ImageProvider, TextModerator, Upscaler } from './types';

/** What `aiEnv` (shared/src/config) parses to. */
export interface AiConfig {
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  OPENAI_IMAGE_MODEL: string;
  OPENAI_MODERATION_MODEL: string;
  OPENAI_COMPATIBLE_BASE_URL?: string;
  OPENAI_COMPATIBLE_API_KEY?: string;
  OPENAI_COMPATIBLE_IMAGE_MODEL?: string;
  GPU_POOL_URL?: string;
  AI_TIMEOUT_MS: number;
  AI_RETRIES: number;
  AI_RETRY_BASE_MS: number;
  AI_BREAKER_OPEN_MS: number;
  AI_BREAKER_PREFIX?: string;
}

export type Plan = 'free' | 'pro' | 'team' | 'enterprise';

export interface Ai {
  /** Every generator configured, paid order (OpenAI, the compatible server, the pool; then offline when neither OpenAI-style one is configured). */
  generators: ImageProvider[];
  /**
   * True while samples can only be offline previews: OpenAI not configured and no pool that generates
   * (the pool's models are read in the background at start and every minute through `isOffline()`).
   */
  readonly offline: boolean;
  isOffline(): Promise<boolean>;
  /** Remote moderation only (OpenAI's for text; OpenAI's and the pool's for images); the local rules are `checkPromptLocally`. */
  moderators: { text: TextModerator[]; image: ImageModerator[] };
  /** The pool's upscaler when GPU_POOL_URL is set. */
  upscaler?: Upscaler;
  /** The providers' shared circuit breaker (state in Redis). */
  breaker: Breaker;
  /** Free: the self-hosted pool first, then OpenAI; paid plans: OpenAI first, then the pool. */
  chainFor(plan: Plan): ImageChain;
  /** Breaker state per generator, for health and metrics. */
  breakerStates(): Promise<Record<string, BreakerSnapshot>>;
  /** The clients, for callers needing more than the above. */
  openai?: OpenAIProvider;
  pool?: GpuPoolClient;
}

export const openAIConfigured = (c: Pick<AiConfig, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL'>) =>
  Boolean(c.OPENAI_API_KEY || c.OPENAI_BASE_URL);

/** The AI layer of one process, from its configuration; cheap and synchronous (nothing is called yet). */
export function aiFromConfig(
  config: AiConfig,
  deps: { redis: Redis; log: Logger; breaker?: BreakerOptions },
): Ai {
  const timeoutMs = config.AI_TIMEOUT_MS;
  const openai = openAIConfigured(config)
    ? createOpenAIProvider({
        apiKey: config.OPENAI_API_KEY,
        baseURL: config.OPENAI_BASE_URL,
        model: config.OPENAI_IMAGE_MODEL,
        moderationModel: config.OPENAI_MODERATION_MODEL,
        timeoutMs,
      })
    : undefined;
  // A second OpenAI-compatible server (e.g. a self-hosted one, or another region): generation only.
  const compatible = config.OPENAI_COMPATIBLE_BASE_URL
    ? createOpenAIProvider({
        name: 'compatible',
        apiKey: config.OPENAI_COMPATIBLE_API_KEY,
        baseURL: config.OPENAI_COMPATIBLE_BASE_URL,
        model: config.OPENAI_COMPATIBLE_IMAGE_MODEL ?? config.OPENAI_IMAGE_MODEL,
        moderationModel: config.OPENAI_MODERATION_MODEL,
        timeoutMs,
      })
    : undefined;
  const pool = config.GPU_POOL_URL
    ? createGpuPoolClient({ baseURL: config.GPU_POOL_URL, timeoutMs })
    : undefined;

  let poolGenerates = false;
  const isOffline = async () => {
    if (openai || compatible) return false;
    poolGenerates = pool ? await pool.canGenerate() : false;
    return !poolGenerates;
  };
  // Warm the pool's model list so `offline` is right soon after start.
  if (pool && !openai && !compatible) void isOffline();

  const breaker = createBreaker(deps.redis, {
    openMs: config.AI_BREAKER_OPEN_MS,
    ...(config.AI_BREAKER_PREFIX ? { prefix: config.AI_BREAKER_PREFIX } : {}),
    trialLeaseMs: timeoutMs + 10_000,
    ...deps.breaker,
  });
  const retry = { retries: config.AI_RETRIES, baseMs: config.AI_RETRY_BASE_MS, maxMs: 10_000 };
  // Without OpenAI the offline drawing is the last resort: the pool may not generate (none does today).
  const tail = openai || compatible ? [] : [offlineProvider];
  const ordered = (...providers: Array<ImageProvider | undefined>) =>
    [...providers, ...tail].filter((p): p is ImageProvider => p !== undefined);
  const paid = ordered(openai, compatible, pool?.generator);
  const chains = new Map<string, ImageChain>();
  const chain = (providers: ImageProvider[]) => {
    const key = providers.map((p) => p.name).join(',');
    let found = chains.get(key);
    if (!found) {
      found = createImageChain({ providers, redis: deps.redis, log: deps.log, retry, breaker, timeoutMs });
      chains.set(key, found);
    }
    return found;
  };

  return {
    generators: paid,
    get offline() {
      return !openai && !compatible && !poolGenerates;
    },
    isOffline,
    moderators: {
      text: openai ? [openai.moderateText] : [],
      image: [openai?.moderateImage, pool?.moderateImage].filter((m): m is ImageModerator => m !== undefined),
    },
    ...(pool ? { upscaler: { upscale: pool.upscale } } : {}),
    breaker,
    chainFor: (plan) => chain(plan === 'free' ? ordered(pool?.generator, compatible, openai) : paid),
    async breakerStates() {
      const names = paid.filter((p) => !p.offline).map((p) => p.name);
      return Object.fromEntries(
        await Promise.all(names.map(async (n) => [n, await breaker.state(n)] as const)),
      );
    },
    ...(openai ? { openai } : {}),
    ...(pool ? { pool } : {}),
  };
}
