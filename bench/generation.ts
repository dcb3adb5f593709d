import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { lockAccount, post } from '@atelier/shared/billing/ledger';
import { createDb } from '@atelier/shared/db';
import { repoRoot } from '../runner/src/build';
import { startOpenAIFake } from '../runner/src/test-support/openai-fake';
import {
  fmt,
  json,
  percentile,
  type RunnerProcess,
  signIn,
  sortNum,
  startRunnerProcess,
  table,
} from './support';

/**
 * npm run bench:generation — the whole pipeline through the gateway on the real stack.yml: clients that
 * each loop request → poll until the four samples are in → select a standard final → poll until
 * completed. Once with the offline provider, once with an OpenAI-compatible double whose image calls
 * take a fixed 2 s (moderation answers at once). Prints generations per minute sustained and the
 * server-side times to the first sample and to all four (`timings` of GET /v1/generations/:id).
 *
 *   npm run bench:generation [-- --seconds 60 --clients 16] [--offline | --double]
 */
const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 60);
const CLIENTS = arg('clients', 16);
const only = args.includes('--offline') ? 'offline' : args.includes('--double') ? 'double' : 'both';
const out: string[] = [];

/** A signed-in user with credits enough for the run (as ops would: `npm run atelier -- billing adjust`). */
async function richUser(runner: RunnerProcess): Promise<string> {
  const token = await signIn(runner);
  const userId = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub as string;
  const { db, close } = createDb({ DATABASE_URL: runner.env.DATABASE_URL!, DB_POOL_MAX: 1 });
  await db.transaction(async (tx) => {
    const account = await lockAccount(tx, { userId });
    await post(tx, account, {
      kind: 'adjustment',
      idempotencyKey: `bench:${userId}`,
      purchased: 1_000_000,
      details: { reason: 'bench' },
    });
  });
  await close();
  return token;
}

interface Run {
  completed: number;
  firstSample: number[];
  allSamples: number[];
  final: number[];
  errors: number;
}

async function poll(runner: RunnerProcess, token: string, id: string, until: string[]) {
  for (;;) {
    const g = await json(runner, 'GET', `/v1/generations/${id}`, undefined, token);
    if (until.includes(g.state as string)) return g;
    if (['failed', 'cancelled', 'content_rejected'].includes(g.state as string))
      throw new Error(`generation ${id} ended ${g.state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function load(label: string, extra: Record<string, string>) {
  const runner = await startRunnerProcess('stack.yml', {
    // Each run its own folder: the runner keeps secrets given once (an API key) in DATA_DIR/secrets.
    DATA_DIR: `.data/bench-generation-${randomUUID().slice(0, 8)}`,
    MAILBOX_KEY: `bench:mailbox:${randomUUID()}`,
    LOGIN_PER_IP_PER_MINUTE: '100000',
    REGISTER_PER_IP_PER_HOUR: '100000',
    // Breakers of their own: an earlier run's state in Redis must not decide this one's.
    AI_BREAKER_PREFIX: `bench:breaker:${randomUUID()}:`,
    GENERATIONS_PER_USER_PER_MINUTE: '100000',
    ...extra,
  });
  try {
    const token = await richUser(runner);
    const wb = (await json(runner, 'POST', '/v1/workbenches', { name: 'Bench' }, token)).id as string;
    const project = (
      await json(
        runner,
        'POST',
        `/v1/workbenches/${wb}/projects`,
        { name: 'Bench', format: 'instagram_post' },
        token,
      )
    ).id as string;
    const run: Run = { completed: 0, firstSample: [], allSamples: [], final: [], errors: 0 };
    const one = async (measure: boolean) => {
      const { id } = (await json(
        runner,
        'POST',
        '/v1/generations',
        { projectId: project, prompt: 'A lighthouse at dawn' },
        token,
      )) as {
        id: string;
      };
      const ready = await poll(runner, token, id, ['awaiting_selection']);
      const sample = (ready.samples as Array<{ id: string }>)[0]!;
      await json(
        runner,
        'POST',
        `/v1/generations/${id}/select`,
        { sampleId: sample.id, quality: 'standard' },
        token,
      );
      const done = await poll(runner, token, id, ['completed']);
      if (!measure) return;
      const t = done.timings as { firstSampleMs: number; samplesMs: number; finalMs: number };
      const s = ready.timings as { firstSampleMs: number; samplesMs: number };
      run.firstSample.push(s.firstSampleMs);
      run.allSamples.push(s.samplesMs);
      run.final.push(t.finalMs);
      run.completed++;
    };
    // Warm-up: every function started once (cold starts are bench:platform's subject).
    await Promise.all(Array.from({ length: 2 }, () => one(false)));
    const deadline = Date.now() + SECONDS * 1000;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (Date.now() < deadline) await one(true).catch(() => run.errors++);
      }),
    );
    const minutes = (Date.now() - started) / 60_000;
    const first = sortNum(run.firstSample);
    const all = sortNum(run.allSamples);
    const final = sortNum(run.final);
    out.push(
      table(
        `${label}: ${CLIENTS} clients, ${SECONDS} s, request → 4 samples → select → standard final`,
        [
          'generations/min',
          'first sample p50/p90 ms',
          'all 4 samples p50/p90 ms',
          'final p50/p90 ms',
          'errors',
        ],
        [
          [
            fmt(run.completed / minutes, 0),
            `${fmt(percentile(first, 50), 0)} / ${fmt(percentile(first, 90), 0)}`,
            `${fmt(percentile(all, 50), 0)} / ${fmt(percentile(all, 90), 0)}`,
            `${fmt(percentile(final, 50), 0)} / ${fmt(percentile(final, 90), 0)}`,
            String(run.errors),
          ],
        ],
      ),
    );
  } finally {
    await runner.stop();
    rmSync(join(repoRoot, runner.env.DATA_DIR!), { recursive: true, force: true });
  }
}

if (only !== 'double') await load('offline provider', {});
if (only !== 'offline') {
  const fake = await startOpenAIFake({ latencyMs: 2000, latencyPath: '/v1/images/generations' });
  try {
    await load('OpenAI-compatible double, 2 s per image', fake.env);
  } finally {
    await fake.stop();
  }
}
console.log(out.join('\n\n'));
console.log(
  '\nTargets (PRODUCT.md §9): 1,000 generations/min across a cluster; samples p90 < 30 s. Times are the server’s (stage start → first sample / all samples / final stored).',
);
