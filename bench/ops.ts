import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../runner/src/build';
import { smallStack } from '../runner/src/test-support/small-stack';
import { fmt, percentile, sortNum, startRunnerProcess, table } from './support';

/**
 * npm run bench:ops — how long a stack.yml edit takes to be live in a running runner (its own process,
 * as under npm start), and the tracing/metrics overhead (bench/ops-tracing.ts). Never fails on a number.
 */
const EDITS = Number(process.env.BENCH_OPS_EDITS ?? 10);
const DIR = '.data/bench-ops';
const STACK = `${DIR}/stack.yml`;

async function answersHello(url: string): Promise<boolean> {
  const res = await fetch(`${url}/hello`).catch(() => undefined);
  if (!res) return false;
  const body = await res.text();
  return res.status === 200 && body.includes('"hello":"world"');
}

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    if (await check()) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) return Number.NaN;
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function editToLive(): Promise<string> {
  mkdirSync(join(repoRoot, DIR), { recursive: true });
  const file = join(repoRoot, STACK);
  writeFileSync(file, smallStack());
  const runner = await startRunnerProcess(STACK, { DATA_DIR: `${DIR}/data` });
  const added: number[] = [];
  const removed: number[] = [];
  const applyMs: number[] = [];
  try {
    // The first request starts hello; edits then only change the routes table.
    await fetch(`${runner.url}/function/hello/hello`).then((r) => r.arrayBuffer());
    for (let i = 0; i < EDITS; i++) {
      writeFileSync(file, smallStack({ helloRoute: '/hello' }));
      added.push(await until(() => answersHello(runner.url)));
      const health = (await (await fetch(`${runner.url}/_/health`)).json()) as {
        stack: { lastAttempt?: { ms: number } };
      };
      applyMs.push(health.stack.lastAttempt?.ms ?? Number.NaN);
      writeFileSync(file, smallStack());
      removed.push(await until(async () => !(await answersHello(runner.url))));
    }
  } finally {
    await runner.stop();
    rmSync(join(repoRoot, DIR), { recursive: true, force: true });
  }
  const row = (what: string, xs: number[], how: string) => {
    const s = sortNum(xs);
    return [
      what,
      `${fmt(percentile(s, 50))} ms`,
      `${fmt(percentile(s, 90))} ms`,
      `${fmt(s.at(-1) ?? Number.NaN)} ms`,
      how,
    ];
  };
  return table(
    `stack.yml edit → live in the runner (${EDITS} edits each way)`,
    ['what', 'p50', 'p90', 'max', 'method'],
    [
      row('add a route', added, 'file written → GET /hello answers through the new route'),
      row('remove the route', removed, 'file written → GET /hello no longer reaches the function'),
      row('reload itself', applyMs, 'parse, validate, diff, apply (runner-side, /_/health lastAttempt.ms)'),
    ],
  );
}

/** Helper T's tracing and metrics overhead bench, when it is there. */
async function tracing(): Promise<string> {
  const path = fileURLToPath(new URL('./ops-tracing.ts', import.meta.url));
  if (!existsSync(path))
    return 'tracing/metrics overhead: not measured (bench/ops-tracing.ts is not there yet)';
  try {
    const mod = (await import(path)) as { tracingOverhead?: () => Promise<string[]> };
    if (typeof mod.tracingOverhead !== 'function')
      return 'tracing/metrics overhead: bench/ops-tracing.ts exports no tracingOverhead()';
    return (await mod.tracingOverhead()).join('\n');
  } catch (err) {
    return `tracing/metrics overhead: failed: ${(err as Error).message}`;
  }
}

const part = process.argv[2];
const out: string[] = [];
if (!part || part === 'reload') out.push(await editToLive());
if (!part || part === 'tracing') out.push(await tracing());
process.stdout.write(`${out.join('\n\n')}\n`);
process.exit(0);
