import { randomUUID } from 'node:crypto';
import { Agent, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  closedLoop,
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
 * Prometheus scraping every second, against the same platform with neither. Both platforms run side by
 * side and take the load in turns, short slices in ABBA order (off, on, on, off, …), so that whatever
 * else the machine does at the time weighs on both alike; each side gets `SECONDS` of load in all. Besides
 * the overall ratio, the median of the slice pairs' ratios (robust to a burst of other load).
 */
const CLIENTS = Number(process.env.BENCH_TRACING_CLIENTS ?? 40);
const SECONDS = Number(process.env.BENCH_TRACING_SECONDS ?? 16);
const SLICE_SECONDS = 1;
const WARMUP_SECONDS = 3;
/** For telling the two costs apart: `BENCH_TRACING_PARTS=traces` or `=scrapes` turns on only that part. */
const PARTS = process.env.BENCH_TRACING_PARTS ?? 'traces,scrapes';
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

interface Side {
  name: string;
  runner: RunnerProcess;
  token: string;
  agent: Agent;
  latencies: number[];
  failures: number;
  seconds: number;
}

/** `clients` loops of GET for `seconds` on the side's kept-alive connections; adds to its tallies. */
async function load(side: Side, clients: number, seconds: number, record = true): Promise<number> {
  const before = side.latencies.length;
  const { port } = side.runner;
  const elapsed = await closedLoop(
    { port, path: PATH, token: side.token, agent: side.agent, clients, seconds },
    (status, ms) => {
      if (!record) return;
      if (status === 200) side.latencies.push(ms);
      else side.failures++;
    },
  );
  if (record) side.seconds += elapsed;
  return (side.latencies.length - before) / elapsed;
}

/**
 * Scrapes like Prometheus with the local runner's configuration, every second (Prometheus' default is
 * 15 s): the gateway's `/_/metrics` and each running function's own `/_/metrics` (ports from `/_/health`).
 */
function scrapeEverySecond(runner: RunnerProcess) {
  let scrapes = 0;
  const get = (url: string) =>
    fetch(url)
      .then(async (r) => {
        await r.text();
        if (r.ok) scrapes++;
      })
      .catch(() => {});
  const timer = setInterval(() => {
    void get(`${runner.url}/_/metrics`);
    void runner
      .health()
      .then((h) => {
        for (const f of Object.values(h.functions))
          if (f.state === 'ready' && f.port) void get(`http://127.0.0.1:${f.port}/_/metrics`);
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

/** A runner with an account and 20 projects, warmed up. */
async function prepare(name: string, env: Record<string, string>): Promise<Side> {
  const runner = await startRunnerProcess('stack.yml', {
    DATA_DIR: `.data/bench-ops-tracing-${name}`,
    MAILBOX_KEY: `bench:mailbox:${randomUUID()}`,
    RATE_LIMIT_NAMESPACE: `bench-${randomUUID()}`,
    EVENTS_EXCHANGE: `bench-tracing-${name}-${randomUUID().slice(0, 6)}`,
    LOGIN_PER_IP_PER_MINUTE: '100000',
    REGISTER_PER_IP_PER_HOUR: '100000',
    OTEL_EXPORTER_OTLP_ENDPOINT: '',
    ...env,
  });
  const token = await signIn(runner);
  const wb = (await json(runner, 'POST', '/v1/workbenches', { name: 'Bench' }, token)).id as string;
  for (let i = 0; i < 20; i++)
    await json(runner, 'POST', `/v1/workbenches/${wb}/projects`, { name: `P${i}`, format: 'x_post' }, token);
  const side: Side = {
    name,
    runner,
    token,
    agent: new Agent({ keepAlive: true, maxSockets: CLIENTS }),
    latencies: [],
    failures: 0,
    seconds: 0,
  };
  await load(side, CLIENTS, WARMUP_SECONDS, false); // JIT, pools, instances
  return side;
}

export async function tracingOverhead(): Promise<string[]> {
  const sink = await startSink();
  const sides: Side[] = [];
  let scrapes = 0;
  try {
    // One after the other: each start builds the bundles into the same dist/.
    const off = await prepare('off', {});
    sides.push(off);
    const on = await prepare('on', PARTS.includes('traces') ? { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url } : {});
    sides.push(on);
    const spansBefore = sink.counts().spans;
    const slices = Math.max(1, Math.round(SECONDS / SLICE_SECONDS));
    const ratios: number[] = [];
    for (let i = 0; i < slices; i++) {
      // ABBA: off on on off off on on off …
      const rates = new Map<Side, number>();
      for (const side of i % 2 === 0 ? [off, on] : [on, off]) {
        const scraper = side === on && PARTS.includes('scrapes') ? scrapeEverySecond(on.runner) : undefined;
        rates.set(side, await load(side, CLIENTS, SLICE_SECONDS));
        scrapes += scraper?.stop() ?? 0;
      }
      ratios.push(rates.get(on)! / rates.get(off)!);
    }
    await new Promise((r) => setTimeout(r, 6000)); // the last batch of spans (OTEL_BSP_SCHEDULE_DELAY 5 s)
    const spans = sink.counts().spans - spansBefore;
    const rows = sides.map((side) => {
      const sorted = sortNum(side.latencies);
      return [
        side === on
          ? `on: ${PARTS.replace('traces', 'OTLP traces').replace('scrapes', 'Prometheus scrapes every 1 s').replace(',', ' + ')}`
          : 'off',
        fmt(side.latencies.length / side.seconds, 0),
        fmt(percentile(sorted, 50)),
        fmt(percentile(sorted, 95)),
        String(side.failures),
        side === on ? `${spans} (${fmt(spans / side.latencies.length, 1)} a request)` : '–',
        side === on ? String(scrapes) : '–',
      ];
    });
    const rps = (side: Side) => side.latencies.length / side.seconds;
    const cost = 1 - rps(on) / rps(off);
    const medianCost = 1 - percentile(sortNum(ratios), 50);
    return [
      table(
        `GET ${PATH} (20 projects, access token) through the gateway, ${CLIENTS} concurrent clients, ${slices} slices of ${SLICE_SECONDS} s a side after ${WARMUP_SECONDS} s warm-up, both platforms up, slices in ABBA order`,
        ['tracing + metrics', 'requests/s', 'p50 ms', 'p95 ms', 'non-200', 'spans exported', 'scrapes'],
        rows,
      ),
      `\ntracing + metrics cost: ${fmt(cost * 100)} % fewer requests/s overall (${fmt(rps(on), 0)} vs ${fmt(rps(off), 0)}), ${fmt(medianCost * 100)} % by the median of ${slices} slice pairs; target ≤ 10 %`,
    ];
  } finally {
    for (const side of sides) {
      side.agent.destroy();
      await side.runner.stop();
    }
    await sink.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log((await tracingOverhead()).join('\n'));
  process.exit(0);
}
