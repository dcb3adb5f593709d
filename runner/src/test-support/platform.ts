import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createDb, type DbHandle } from '@atelier/shared/db';
import { createLogger } from '@atelier/shared/log';
import { createRedis } from '@atelier/shared/redis';
import { dropDatabase, scratchDatabaseUrl } from '@atelier/shared/testing/db';
import { repoRoot } from '../build';
import { loadRunnerConfig } from '../config';
import { type Runner, startRunner } from '../runner';

export const TEST_STACK = 'runner/src/test-support/stack.yml';
export const rabbitUrl = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

async function clearMailbox(key: string): Promise<void> {
  const redis = createRedis({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
  await redis.del(key).catch(() => {});
  await redis.quit();
}

export interface TestPlatform {
  runner: Runner;
  url: string;
  env: Record<string, string>;
  db: DbHandle;
  opsToken: string;
  stop(): Promise<void>;
}

/**
 * Starts the real runner on a throw-away database, exchange and data folder, on a free port, with the
 * bundles the global setup built. Everything it made is removed by `stop()`.
 */
export async function startTestPlatform(overrides: Record<string, string> = {}): Promise<TestPlatform> {
  const tag = randomBytes(4).toString('hex');
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    STACK_FILE: TEST_STACK,
    DATABASE_URL: scratchDatabaseUrl(tag),
    RABBITMQ_URL: rabbitUrl,
    EVENTS_EXCHANGE: `test-${tag}`,
    DATA_DIR: join('.data', 'test', tag),
    GATEWAY_PORT: '0',
    S3_PORT: '0',
    S3_BUCKET: 'atelier-test',
    OUTBOX_SWEEP_MS: '200',
    MAILBOX_KEY: `test:mailbox:${tag}`,
    START_SERVICES: 'false',
    // Rate limits and usage counters of its own in the shared Redis.
    RATE_LIMIT_NAMESPACE: `rl-${tag}`,
    ...overrides,
  };
  const config = loadRunnerConfig(env);
  const log = createLogger({ name: 'runner', level: env.LOG_LEVEL });
  const runner = await startRunner({ root: repoRoot, config, env, log });
  const db = createDb({ DATABASE_URL: env.DATABASE_URL!, DB_POOL_MAX: 2 });
  return {
    runner,
    url: runner.url,
    env,
    db,
    opsToken: readFileSync(join(runner.secretsDir, 'ops-token'), 'utf8').trim(),
    async stop() {
      await runner.router.destroy();
      await runner.stop();
      await db.close();
      await dropDatabase(env.DATABASE_URL!);
      rmSync(join(repoRoot, env.DATA_DIR!), { recursive: true, force: true });
      await clearMailbox(env.MAILBOX_KEY!);
    },
  };
}

/** Polls until `check` returns a value (not undefined/false) or the deadline passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
