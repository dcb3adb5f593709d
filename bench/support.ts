import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { buildFunctions, repoRoot } from '../runner/src/build';

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
export const sortNum = (xs: number[]) => [...xs].sort((a, b) => a - b);
export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface RunnerProcess {
  url: string;
  port: number;
  env: Record<string, string>;
  child: ChildProcess;
  health(): Promise<{ functions: Record<string, { state: string; port?: number; coldStartMs?: number }> }>;
  stop(): Promise<void>;
}

/** Starts the real local runner (`runner/src/main.ts`) as its own process, as `npm start` would. */
export async function startRunnerProcess(
  stack: string,
  extra: Record<string, string> = {},
): Promise<RunnerProcess> {
  await buildFunctions(join(repoRoot, stack));
  const port = await freePort();
  const tag = randomBytes(3).toString('hex');
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    STACK_FILE: stack,
    GATEWAY_PORT: String(port),
    S3_PORT: '0',
    LOG_LEVEL: 'warn',
    EVENTS_EXCHANGE: `bench-${tag}`,
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/atelier_bench`,
    DATA_DIR: '.data/bench',
    ...extra,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'runner/src/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', process.env.BENCH_RUNNER_STDOUT ? 'inherit' : 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`${url}/_/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('runner did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    env,
    child,
    health: async () => (await fetch(`${url}/_/health`)).json() as never,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One GET over a kept-alive socket; resolves with the latency in ms. */
export function timedGet(port: number, path: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(Number(process.hrtime.bigint() - t0) / 1e6));
    });
    req.on('error', reject);
    req.end();
  });
}

export function table(title: string, header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    `\n${title}`,
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

/** One JSON call through the gateway (a Bearer token when given); throws on a non-2xx answer. */
export async function json(
  runner: RunnerProcess,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
) {
  const res = await fetch(`${runner.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
}

/** A real account: register, follow the emailed link from the dev mailbox, sign in. Its access token. */
export async function signIn(runner: RunnerProcess): Promise<string> {
  const email = `${randomBytes(8).toString('hex')}@bench.test`;
  const password = 'Correct-horse-9';
  await json(runner, 'POST', '/v1/auth/register', { email, password });
  let token: string | undefined;
  for (let i = 0; i < 100 && !token; i++) {
    const mail = (await json(runner, 'GET', `/dev/mail/api?to=${encodeURIComponent(email)}`)) as {
      items: Array<{ text: string }>;
    };
    token = /token=([A-Za-z0-9_-]{43})/.exec(mail.items[0]?.text ?? '')?.[1];
    if (!token) await new Promise((r) => setTimeout(r, 100));
  }
  await json(runner, 'POST', '/v1/auth/verify-email', { token });
  return (await json(runner, 'POST', '/v1/auth/login', { email, password })).accessToken as string;
}

/**
 * `clients` closed loops of `GET path` with a bearer token for `seconds`, on the agent's kept-alive
 * sockets; `onAnswer(status, ms)` for every answer (status 0: no answer). Resolves with the seconds taken.
 */
export async function closedLoop(
  o: { port: number; path: string; token: string; agent: Agent; clients: number; seconds: number },
  onAnswer: (status: number, ms: number) => void,
): Promise<number> {
  const until = performance.now() + o.seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = request(
        {
          host: '127.0.0.1',
          port: o.port,
          path: o.path,
          agent: o.agent,
          headers: { authorization: `Bearer ${o.token}` },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            onAnswer(res.statusCode ?? 0, performance.now() - t0);
            resolve();
          });
        },
      );
      req.on('error', () => {
        onAnswer(0, performance.now() - t0);
        resolve();
      });
      req.end();
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: o.clients }, async () => {
      while (performance.now() < until) await one();
    }),
  );
  return (performance.now() - started) / 1000;
}
