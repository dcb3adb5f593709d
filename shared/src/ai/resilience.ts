import { AppError } from '../errors';
import type { Logger } from '../log';
import type { Redis } from '../redis';
import { type Breaker, type BreakerOptions, createBreaker, type Permit } from './breaker';
import type { ImageProvider, ImageRequest, ImageResult } from './types';

/** A provider's failure, classified once where its wire format is known (see openai.ts). */
export class ProviderError extends Error {
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly retryable: boolean;
  constructor(
    message: string,
    opts: { status?: number; code?: string; retryable: boolean; cause?: unknown },
  ) {
    super(message, { cause: opts.cause });
    this.name = 'ProviderError';
    this.status = opts.status;
    this.code = opts.code;
    this.retryable = opts.retryable;
  }
}

/** 422 `content_rejected` with plain words; never retried, never falls back (PRODUCT.md §4). */
export const contentRejected = (reason: string, categories: string[] = []) =>
  new AppError('content_rejected', 422, reason, { reason, categories });

export const isContentRejected = (err: unknown): err is AppError =>
  err instanceof AppError && err.code === 'content_rejected';

const RETRYABLE_STATUS = (s: number) => s === 408 || s === 409 || s === 429 || s >= 500;
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Worth another try: network failures, timeouts, 408/409/429/5xx. Content refusals and other 4xx: no. */
export function isRetryable(err: unknown): boolean {
  if (isContentRejected(err)) return false;
  if (err instanceof ProviderError) return err.retryable;
  const e = err as { status?: unknown; name?: unknown; code?: unknown; cause?: { code?: unknown } } | null;
  if (e === null || typeof e !== 'object') return false;
  if (typeof e.status === 'number') return RETRYABLE_STATUS(e.status);
  if (
    e.name === 'TimeoutError' ||
    e.name === 'APIConnectionError' ||
    e.name === 'APIConnectionTimeoutError'
  ) {
    return true;
  }
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (typeof e.cause?.code === 'string' && NETWORK_CODES.has(e.cause.code)) return true;
  return err instanceof TypeError && /fetch failed|network/i.test(err.message);
}

/** What a log line may say about a failure: its kind, status and code, never a body (it may echo the prompt). */
export function describeFailure(err: unknown): { error: string; status?: number; code?: string } {
  const e = err as { name?: string; status?: unknown; code?: unknown };
  return {
    error: e?.name ?? typeof err,
    ...(typeof e?.status === 'number' ? { status: e.status } : {}),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
  };
}

export interface RetryOptions {
  /** Retries after the first try (3 = 4 tries). */
  retries?: number;
  /** Backoff before retry n (0-based) is uniform in [0, min(maxMs, baseMs × 2ⁿ)] ("full jitter"). */
  baseMs?: number;
  maxMs?: number;
  /** Per-try timeout: the try's signal aborts after it, and the try counts as a retryable timeout. */
  timeoutMs?: number;
  /** For tests: the jitter's source (0..1). */
  random?: () => number;
}

export const backoffMs = (retry: number, baseMs: number, maxMs: number, random: () => number = Math.random) =>
  Math.round(random() * Math.min(maxMs, baseMs * 2 ** retry));

const cancelled = () => new AppError('cancelled', 499, 'The request was cancelled');

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export interface TryFailure {
  attempt: number;
  error: unknown;
  /** The wait before the next try; null when there is none. */
  retryInMs: number | null;
}

/**
 * Runs `fn` until it succeeds, fails with something not retryable, or the retries are spent. Each try
 * gets a signal that aborts on the caller's signal or its own timeout; a timed-out try is a retryable
 * ProviderError('timeout'), a cancelled caller ends everything with 499 `cancelled`.
 */
export async function withRetry<T>(
  fn: (ctx: { signal: AbortSignal; attempt: number }) => Promise<T>,
  opts: RetryOptions & { signal?: AbortSignal; onFailure?: (f: TryFailure) => void } = {},
): Promise<{ value: T; attempts: number }> {
  const retries = opts.retries ?? 3;
  const baseMs = opts.baseMs ?? 500;
  const maxMs = opts.maxMs ?? 10_000;
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw cancelled();
    const timer = opts.timeoutMs ? AbortSignal.timeout(opts.timeoutMs) : undefined;
    const signals = [opts.signal, timer].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length === 1 ? signals[0]! : AbortSignal.any(signals);
    try {
      return { value: await fn({ signal, attempt }), attempts: attempt };
    } catch (raw) {
      if (opts.signal?.aborted) throw cancelled();
      const err = timer?.aborted
        ? new ProviderError(`No answer within ${opts.timeoutMs} ms`, {
            code: 'timeout',
            retryable: true,
            cause: raw,
          })
        : raw;
      const again = attempt <= retries && isRetryable(err);
      const retryInMs = again ? backoffMs(attempt - 1, baseMs, maxMs, opts.random) : null;
      opts.onFailure?.({ attempt, error: err, retryInMs });
      if (retryInMs === null) throw err;
      await sleep(retryInMs, opts.signal);
    }
  }
}

// --- The provider chain ---

export interface ChainResult extends ImageResult {
  provider: string;
  offline: boolean;
  /** Calls made to providers for this result, across all of them. */
  attempts: number;
  latencyMs: number;
}

export interface ImageChain {
  readonly providers: readonly ImageProvider[];
  readonly breaker: Breaker;
  generate(req: ImageRequest): Promise<ChainResult>;
}

export interface ChainOptions {
  /** Tried in this order. */
  providers: ImageProvider[];
  redis: Redis;
  log: Logger;
  retry?: Omit<RetryOptions, 'timeoutMs'>;
  /** A breaker to share (e.g. between the chains of one process), or options for a new one. */
  breaker?: Breaker | BreakerOptions;
  /** Per try. */
  timeoutMs: number;
}

class BreakerOpen extends Error {
  constructor(readonly provider: string) {
    super(`The ${provider} breaker is open`);
    this.name = 'BreakerOpen';
  }
}

/** Whether a failure says the provider is unwell (counts against its breaker) rather than the request. */
const providerFault = (err: unknown) => {
  if (isContentRejected(err)) return false;
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Bad credentials, a missing model, throttling: the provider cannot serve us. Other 4xx: our request.
    return [401, 403, 404, 408, 409, 429].includes(status);
  }
  return true;
};

const noopPermit: Permit = {
  state: 'closed',
  success: async () => {},
  failure: async () => {},
  release: async () => {},
};

/**
 * Tries the providers in order: skips one whose breaker is open, retries one (each try asks its breaker
 * first, so a breaker that opens meanwhile stops the retries), and falls back to the next when it is
 * spent. `content_rejected` ends at once; a cancelled request ends with `cancelled`; when every
 * provider failed or was open: 503 `provider_unavailable`. Offline providers bypass breaker and retry.
 */
export function createImageChain(options: ChainOptions): ImageChain {
  const { providers, log, timeoutMs } = options;
  const breaker =
    options.breaker && 'acquire' in options.breaker
      ? options.breaker
      : createBreaker(options.redis, { trialLeaseMs: timeoutMs + 10_000, ...options.breaker });

  // If Redis is down the breaker cannot decide: let the call through rather than stop all generation.
  const acquire = async (name: string): Promise<Permit | null> => {
    try {
      return await breaker.acquire(name);
    } catch (err) {
      log.warn(
        { provider: name, ...describeFailure(err) },
        'circuit breaker unavailable; calling the provider anyway',
      );
      return noopPermit;
    }
  };
  const settle = async (name: string, step: () => Promise<void>) => {
    try {
      await step();
    } catch (err) {
      log.warn({ provider: name, ...describeFailure(err) }, 'circuit breaker not updated');
    }
  };

  return {
    providers,
    breaker,
    async generate(req) {
      const started = performance.now();
      let attempts = 0;
      const tried: Array<{
        provider: string;
        outcome: 'open' | 'failed' | 'unavailable';
        status?: number;
        code?: string;
      }> = [];
      for (const provider of providers) {
        const name = provider.name;
        const finish = (result: ImageResult): ChainResult => {
          const latencyMs = Math.round(performance.now() - started);
          log.info({ provider: name, model: result.model, attempts, latencyMs }, 'image generated');
          return { ...result, provider: name, offline: provider.offline, attempts, latencyMs };
        };
        if (provider.available && !(await provider.available().catch(() => false))) {
          tried.push({ provider: name, outcome: 'unavailable' });
          continue;
        }
        if (provider.offline) {
          attempts++;
          return finish(await provider.generate(req));
        }
        try {
          const { value } = await withRetry(
            async ({ signal }) => {
              const permit = await acquire(name);
              if (!permit) throw new BreakerOpen(name);
              attempts++;
              try {
                const result = await provider.generate({ ...req, signal });
                await settle(name, permit.success);
                return result;
              } catch (err) {
                const verdict = req.signal?.aborted
                  ? permit.release
                  : providerFault(err)
                    ? permit.failure
                    : permit.success;
                await settle(name, verdict);
                throw err;
              }
            },
            {
              ...options.retry,
              timeoutMs,
              signal: req.signal,
              onFailure: ({ attempt, error, retryInMs }) => {
                if (error instanceof BreakerOpen || isContentRejected(error)) return;
                log.warn(
                  { provider: name, attempt, retryInMs, ...describeFailure(error) },
                  'image provider try failed',
                );
              },
            },
          );
          return finish(value);
        } catch (err) {
          if (isContentRejected(err) || (err instanceof AppError && err.code === 'cancelled')) throw err;
          if (err instanceof BreakerOpen) {
            tried.push({ provider: name, outcome: 'open' });
            log.info({ provider: name }, 'image provider skipped: circuit breaker open');
          } else {
            const { status, code } = describeFailure(err);
            tried.push({ provider: name, outcome: 'failed', status, code });
            log.warn(
              { provider: name, attempts, ...describeFailure(err) },
              'image provider failed; falling back',
            );
          }
        }
      }
      throw new AppError('provider_unavailable', 503, 'No image provider is answering right now', { tried });
    },
  };
}
