import { createLogger } from '@atelier/shared/log';
import { postgresProbe, rabbitProbe, redisProbe } from '@atelier/shared/probes';
import { createRedis } from '@atelier/shared/redis';
import { scratchDatabase } from '@atelier/shared/testing/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app';

describe('status function', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  const redis = createRedis({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
  const deadRedis = createRedis({ REDIS_URL: 'redis://127.0.0.1:1' });
  const rabbit = rabbitProbe({
    RABBITMQ_URL: process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  });
  const log = createLogger({ name: 'status', level: 'silent' });
  beforeAll(async () => {
    scratch = await scratchDatabase();
  });
  afterAll(async () => {
    await Promise.allSettled([scratch?.drop(), redis.quit(), rabbit.close()]);
    deadRedis.disconnect();
  });

  it('reports ok, the version and the platform uptime when every dependency answers', async () => {
    const app = createApp({
      version: '9.9.9',
      log,
      clock: () => 1_000_000 + 42_000,
      platformStartedAt: 1_000_000,
      checks: [postgresProbe(scratch.sql), redisProbe(redis), rabbit],
    });
    const res = await app.request('/v1/status');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      version: '9.9.9',
      status: 'ok',
      uptimeSeconds: 42,
      checks: { postgres: { ok: true }, redis: { ok: true }, rabbitmq: { ok: true } },
    });
  });

  it('answers 503 and names the dependency that is down', async () => {
    const app = createApp({
      version: '1',
      log,
      clock: Date.now,
      platformStartedAt: Date.now(),
      checks: [postgresProbe(scratch.sql), redisProbe(deadRedis)],
    });
    const res = await app.request('/v1/status');
    expect(res.status).toBe(503);
    const body = (await res.json()) as {
      status: string;
      checks: Record<string, { ok: boolean; error?: string }>;
    };
    expect(body.status).toBe('degraded');
    expect(body.checks.postgres!.ok).toBe(true);
    expect(body.checks.redis!.ok).toBe(false);
    expect(body.checks.redis!.error).toBeTruthy();
  });
});
