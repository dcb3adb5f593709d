import { AppError } from '../errors';

/**
 * Retries with exponential backoff and full jitter, only on failures worth another try, and the
 * classification of failures the chain and its breaker share (re-exported by resilience.ts).
 */

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
