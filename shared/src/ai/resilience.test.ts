import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { createLogger } from '../log';
import { createRedis } from '../redis';
import { createBreaker } from './breaker';
import { offlineProvider } from './offline';
import {
  backoffMs,
  contentRejected,
  createImageChain,
  isRetryable,
  ProviderError,
  withRetry,
} from './resilience';
import type { ImageProvider, ImageRequest } from './types';

const redis = createRedis({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
const prefix = `test:ai-chain:${randomUUID()}:`;
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

const lines: Array<Record<string, unknown>> = [];
const log = createLogger({
  name: 'ai-test',
  level: 'debug',
  destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
});
const fast = { retries: 3, baseMs: 1, maxMs: 5 };
const http = (status: number) =>
  new ProviderError(`HTTP ${status}`, { status, retryable: isRetryable({ status }) });

/** A provider that answers from a script: an Error to throw, or 'ok'. */
function scripted(name: string, script: Array<Error | 'ok' | 'hang'>, fallback: Error | 'ok' = 'ok') {
  const seen: ImageRequest[] = [];
  const provider: ImageProvider & { seen: ImageRequest[] } = {
    name,
    offline: false,
    seen,
    async generate(req) {
      seen.push(req);
      const step = script.shift() ?? fallback;
      if (step === 'hang') {
        return new Promise((_, reject) =>
          req.signal?.addEventListener('abort', () => reject(req.signal!.reason)),
        );
      }
      if (step instanceof Error) throw step;
      return { png: Buffer.from('png'), width: req.width, height: req.height, model: `${name}-model` };
    },
  };
  return provider;
}

const req = { prompt: 'a secret prompt about llamas', width: 64, height: 64 };

describe('withRetry', () => {
  it('retries a 500 and succeeds on the next try', async () => {
    const p = scripted('p', [http(500), 'ok']);
    const { attempts } = await withRetry(({ signal }) => p.generate({ ...req, signal }), fast);
    expect(attempts).toBe(2);
  });

  it('does not retry a 400, nor a content refusal', async () => {
    const bad = scripted('p', [http(400)]);
    await expect(withRetry(() => bad.generate(req), fast)).rejects.toMatchObject({ status: 400 });
    expect(bad.seen).toHaveLength(1);
    const refused = scripted('p', [contentRejected('no')]);
    await expect(withRetry(() => refused.generate(req), fast)).rejects.toMatchObject({
      code: 'content_rejected',
      status: 422,
    });
    expect(refused.seen).toHaveLength(1);
  });

  it('makes 4 tries in all on 429/5xx/network failures, then gives up with the last error', async () => {
    const errors = [
      http(429),
      http(503),
      Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }),
      http(502),
    ];
    const p = scripted('p', [...errors]);
    const failures: Array<number | null> = [];
    await expect(
      withRetry(() => p.generate(req), { ...fast, onFailure: (f) => failures.push(f.retryInMs) }),
    ).rejects.toMatchObject({ status: 502 });
    expect(p.seen).toHaveLength(4);
    expect(failures).toHaveLength(4);
    expect(failures.at(-1)).toBeNull();
  });

  it('times out each try on its own signal and retries it', async () => {
    const p = scripted('p', ['hang', 'ok']);
    const { attempts } = await withRetry(({ signal }) => p.generate({ ...req, signal }), {
      ...fast,
      timeoutMs: 50,
    });
    expect(attempts).toBe(2);
  });

  it('stops at once when the caller cancels', async () => {
    const controller = new AbortController();
    const p = scripted('p', ['hang']);
    setTimeout(() => controller.abort(), 30);
    await expect(
      withRetry(({ signal }) => p.generate({ ...req, signal }), {
        ...fast,
        timeoutMs: 5000,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(p.seen).toHaveLength(1);
  });

  it('backs off exponentially with full jitter, capped', () => {
    expect([0, 1, 2, 3].map((n) => backoffMs(n, 500, 10_000, () => 1))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffMs(10, 500, 10_000, () => 1)).toBe(10_000);
    expect(backoffMs(3, 500, 10_000, () => 0)).toBe(0);
    expect(backoffMs(2, 500, 10_000, () => 0.5)).toBe(1000);
  });
});

describe('image chain', () => {
  const chain = (providers: ImageProvider[], openMs = 60_000) =>
    createImageChain({
      providers,
      redis,
      log,
      retry: fast,
      breaker: createBreaker(redis, { prefix: `${prefix}${randomUUID()}:`, openMs }),
      timeoutMs: 1000,
    });

  it('uses the first provider when it answers', async () => {
    const a = scripted('a', []);
    const r = await chain([a, offlineProvider]).generate(req);
    expect(r).toMatchObject({
      provider: 'a',
      offline: false,
      attempts: 1,
      model: 'a-model',
      width: 64,
      height: 64,
    });
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('falls back to the second provider when the first is down, after its retries', async () => {
    const a = scripted('a', [], http(503));
    const b = scripted('b', []);
    const r = await chain([a, b]).generate(req);
    expect(r).toMatchObject({ provider: 'b', attempts: 5 });
    expect(a.seen).toHaveLength(4);
  });

  it('answers 503 provider_unavailable when every provider fails', async () => {
    const a = scripted('a', [], http(500));
    const b = scripted('b', [], http(401));
    const err = await chain([a, b])
      .generate(req)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      code: 'provider_unavailable',
      status: 503,
      message: 'No image provider is answering right now',
      details: {
        tried: [
          { provider: 'a', outcome: 'failed', status: 500 },
          { provider: 'b', outcome: 'failed', status: 401 },
        ],
      },
    });
    expect(b.seen).toHaveLength(1); // 401: not retried
  });

  it('never retries nor falls back on content_rejected', async () => {
    const a = scripted('a', [contentRejected('The service declined it.')]);
    const b = scripted('b', []);
    await expect(chain([a, b]).generate(req)).rejects.toMatchObject({ code: 'content_rejected' });
    expect([a.seen.length, b.seen.length]).toEqual([1, 0]);
  });

  it('skips a provider whose breaker is open, and tries it again once half-open', async () => {
    const a = scripted('a', [], http(500));
    const b = scripted('b', []);
    const c = chain([a, b], 200);
    // 4 failed tries, then a 5th: the breaker opens after it.
    await c.generate(req);
    expect((await c.breaker.state('a')).state).toBe('closed');
    await c.generate(req);
    expect(a.seen).toHaveLength(5);
    expect((await c.breaker.state('a')).state).toBe('open');
    const r = await c.generate(req);
    expect(r).toMatchObject({ provider: 'b', attempts: 1 });
    expect(a.seen).toHaveLength(5);
    await new Promise((res) => setTimeout(res, 220));
    a.generate = scripted('a', []).generate;
    expect(await c.generate(req)).toMatchObject({ provider: 'a', attempts: 1 });
    expect((await c.breaker.state('a')).state).toBe('closed');
  });

  it('lands on the offline provider last, and says so', async () => {
    const a = scripted('a', [], http(503));
    const r = await chain([a, offlineProvider]).generate({ ...req, variant: 2 });
    expect(r).toMatchObject({ provider: 'offline', offline: true, model: 'offline-preview' });
  });

  it('logs provider, attempt and status, never the prompt', async () => {
    lines.length = 0;
    await chain([scripted('a', [http(500)]), offlineProvider]).generate(req);
    const failed = lines.find((l) => l.msg === 'image provider try failed');
    expect(failed).toMatchObject({ provider: 'a', attempt: 1, status: 500 });
    expect(lines.find((l) => l.msg === 'image generated')).toMatchObject({ provider: 'a', attempts: 2 });
    expect(JSON.stringify(lines)).not.toContain('llamas');
  });

  it('keeps working when Redis is unreachable (the breaker lets calls through)', async () => {
    const dead = createRedis({ REDIS_URL: 'redis://127.0.0.1:1' });
    dead.options.maxRetriesPerRequest = 0;
    const c = createImageChain({
      providers: [scripted('a', [])],
      redis: dead,
      log,
      retry: fast,
      timeoutMs: 1000,
    });
    expect(await c.generate(req)).toMatchObject({ provider: 'a' });
    dead.disconnect();
  });
});
