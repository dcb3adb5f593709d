import { AppError } from '../errors';
import type { Logger } from '../log';
import type { Redis } from '../redis';
import { type Breaker, type BreakerOptions, createBreaker, type Permit } from './breaker';
import { describeFailure, isContentRejected, type RetryOptions, withRetry } from './retry';
import type { ImageProvider, ImageRequest, ImageResult } from './types';

export * from './retry';

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
