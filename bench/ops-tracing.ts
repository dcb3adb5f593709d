import { randomUUID } from 'node:crypto';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
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
 * Tracing and metrics overhead: requests/s of `GET /v1/projects?limit=20` (20 projects, an access token)
 * through the gateway, with OpenTelemetry on (OTLP/HTTP to a local sink that answers at once) and
 * Prometheus scraping the gateway and the function every second, against the same platform with neither.
 * Runs alternate (off, on, off, on, …) on fresh runners so a drift of the machine hits both sides.
 */
const CLIENTS = Number(process.env.BENCH_TRACING_CLIENTS ?? 40);
const SECONDS = Number(process.env.BENCH_TRACING_SECONDS ?? 8);
const WARMUP_SECONDS = 3;
const ROUNDS = Number(process.env.BENCH_TRACING_ROUNDS ?? 2);
const PATH = '/v1/projects?limit=20';

/** An OTLP/HTTP receiver that takes every export and counts its spans (cheaply: no decoding). */
async function startSink() {
  let requests = 0;
  let spans = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      requests++;
      spans += body.split('"spanId"').length - 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts: () => ({ requests, spans }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** `clients` loops of GET for `seconds`, each on its own kept-alive connection. */
async function load(runner: RunnerProcess, token: string, clients: number, seconds: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let failures = 0;
  const until = performance.now() + seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = request(
        {
          host: '127.0.0.1',
          port: runner.port,
          path: PATH,
          agent,
          headers: { authorization: `Bearer ${token}` },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) latencies.push(performance.now() - t0);
            else failures++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        failures++;
        resolve();
      });
      req.end();
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) await one();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = sortNum(latencies);
  return {
    rps: latencies.length / elapsed,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    failures,
  };
}

/** Scrapes the gateway's and the function's Prometheus endpoints every second, as Prometheus would. */
function scrapeEverySecond(runner: RunnerProcess) {
  let scrapes = 0;
  const timer = setInterval(() => {
    for (const path of ['/_/metrics', '/function/workbenches/_/metrics'])
      void fetch(`${runner.url}${path}`)
        .then(async (r) => {
          await r.text();
          if (r.ok) scrapes++;
        })
        .catch(() => {});
  }, 1000);
  return {
    stop: () => {
      clearInterval(timer);
      return scrapes;
    },
  };
}

async function run(on: boolean, sinkUrl: string) {
  const runner = await startRunnerProcess('stack.yml', {
    DATA_DIR: `.data/bench-ops-tracing-${on ? 'on' : 'off'}`,
    MAILBOX_KEY: `bench:mailbox:${randomUUID()}`,
    RATE_LIMIT_NAMESPACE: `bench-${randomUUID()}`,
    LOGIN_PER_IP_PER_MINUTE: '100000',
    REGISTER_PER_IP_PER_HOUR: '100000',
    ...(on ? { OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl } : { OTEL_EXPORTER_OTLP_ENDPOINT: '' }),
  });
  try {
    const token = await signIn(runner);
    const wb = (await json(runner, 'POST', '/v1/workbenches', { name: 'Bench' }, token)).id as string;
    for (let i = 0; i < 20; i++)
      await json(
        runner,
        'POST',
        `/v1/workbenches/${wb}/projects`,
        { name: `P${i}`, format: 'x_post' },
        token,
      );
    await load(runner, token, CLIENTS, WARMUP_SECONDS); // JIT, pools, instances
    const scraper = on ? scrapeEverySecond(runner) : undefined;
    const r = await load(runner, token, CLIENTS, SECONDS);
    return { ...r, scrapes: scraper?.stop() ?? 0 };
  } finally {
    await runner.stop();
  }
}

export async function tracingOverhead(): Promise<string[]> {
  const sink = await startSink();
  const rows: string[][] = [];
  const rps = { off: [] as number[], on: [] as number[] };
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const on of [false, true]) {
        const before = sink.counts().spans;
        const r = await run(on, sink.url);
        rps[on ? 'on' : 'off'].push(r.rps);
        rows.push([
          on ? 'tracing (OTLP) + scrapes every 1 s' : 'off',
          String(round),
          fmt(r.rps, 0),
          fmt(r.p50),
          fmt(r.p95),
          String(r.failures),
          on ? String(sink.counts().spans - before) : '–',
          on ? String(r.scrapes) : '–',
        ]);
      }
    }
  } finally {
    await sink.stop();
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const cost = 1 - mean(rps.on) / mean(rps.off);
  return [
    table(
      `GET ${PATH} (20 projects, access token) through the gateway, ${CLIENTS} concurrent clients, ${SECONDS} s after ${WARMUP_SECONDS} s warm-up, fresh runner each`,
      [
        'tracing + metrics',
        'round',
        'requests/s',
        'p50 ms',
        'p95 ms',
        'non-200',
        'spans exported',
        'scrapes',
      ],
      rows,
    ),
    `\ntracing + metrics cost: ${fmt(cost * 100)} % fewer requests/s (mean ${fmt(mean(rps.on), 0)} vs ${fmt(mean(rps.off), 0)}; target ≤ 10 %)`,
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log((await tracingOverhead()).join('\n'));
  process.exit(0);
}
