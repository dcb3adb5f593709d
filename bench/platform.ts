import autocannon from 'autocannon';
import { newCloudEvent } from '../shared/src/events/cloudevent';
import { rabbitPublisher } from '../shared/src/events/publisher';
import { fmt, percentile, type RunnerProcess, sortNum, startRunnerProcess, table, timedGet } from './support';

/**
 * npm run bench:platform — cold starts, gateway overhead and the event path, measured against the
 * real runner in its own process. Prints tables; never fails on a number (targets live in the README).
 */
const STACK = 'bench/stack.yml';
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 20);
const out: string[] = [];

async function coldStarts(warmPool: boolean): Promise<void> {
  const runner = await startRunnerProcess(STACK, {
    SCALE_TO_ZERO_AFTER_MS: '150',
    WARM_POOL: String(warmPool),
  });
  const rows: string[][] = [];
  try {
    for (const [fn, path, n] of [
      ['hello', '/hello', COLD_STARTS],
      ['audit', '/_/health', Math.min(COLD_STARTS, 10)],
      ['status', '/v1/status', Math.min(COLD_STARTS, 10)],
    ] as const) {
      const first: number[] = [];
      const ready: number[] = [];
      for (let i = 0; i < n; i++) {
        await waitFor(runner, fn, 'stopped');
        // With the pool, give the spare process time to boot as it would between real cold starts.
        if (warmPool) await new Promise((r) => setTimeout(r, 1500));
        const t0 = performance.now();
        const res = await fetch(`${runner.url}${fn === 'audit' ? '/function/audit' : ''}${path}`);
        await res.arrayBuffer();
        first.push(performance.now() - t0);
        ready.push((await runner.health()).functions[fn]?.coldStartMs ?? NaN);
      }
      const f = sortNum(first);
      const r = sortNum(ready);
      rows.push([
        fn,
        String(n),
        fmt(percentile(r, 50)),
        fmt(percentile(r, 95)),
        fmt(percentile(f, 50)),
        fmt(percentile(f, 95)),
      ]);
    }
  } finally {
    await runner.stop();
  }
  out.push(
    table(
      `Cold start, ms (${warmPool ? 'WARM_POOL=true: bundle loaded into a pre-booted Node process' : 'WARM_POOL=false: a new Node process per start'}): ready = start -> listening; first response = through the gateway`,
      ['function', 'starts', 'ready p50', 'ready p95', 'first response p50', 'first response p95'],
      rows,
    ),
  );
}

async function waitFor(runner: RunnerProcess, fn: string, state: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await runner.health()).functions[fn]?.state === state) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${fn} never became ${state}`);
}

async function gatewayOverhead(): Promise<void> {
  const runner = await startRunnerProcess(STACK);
  try {
    await fetch(`${runner.url}/hello`);
    const fnPort = (await runner.health()).functions.hello!.port!;
    const direct: number[] = [];
    const viaGateway: number[] = [];
    for (let i = 0; i < 500; i++)
      await Promise.all([timedGet(fnPort, '/hello'), timedGet(runner.port, '/hello')]);
    for (let i = 0; i < 3000; i++) {
      direct.push(await timedGet(fnPort, '/hello'));
      viaGateway.push(await timedGet(runner.port, '/hello'));
    }
    const d = sortNum(direct);
    const g = sortNum(viaGateway);
    const load = async (port: number) =>
      (
        await autocannon({
          url: `http://127.0.0.1:${port}/hello`,
          connections: 32,
          duration: 8,
          pipelining: 1,
        })
      ).requests.average;
    await load(fnPort); // warm both paths' JIT before the measured runs
    const rpsDirect = await load(fnPort);
    const rpsGateway = await load(runner.port);
    out.push(
      table(
        'Gateway overhead on a trivial function (sequential keep-alive requests; then 32 connections for 8 s)',
        ['path', 'p50 ms', 'p99 ms', 'req/s at saturation'],
        [
          [
            'direct to the function process',
            fmt(percentile(d, 50), 3),
            fmt(percentile(d, 99), 3),
            fmt(rpsDirect, 0),
          ],
          ['through the gateway', fmt(percentile(g, 50), 3), fmt(percentile(g, 99), 3), fmt(rpsGateway, 0)],
          [
            'added by the gateway',
            fmt(percentile(g, 50) - percentile(d, 50), 3),
            '',
            `${fmt(rpsGateway / rpsDirect, 2)} x direct`,
          ],
        ],
      ),
    );
  } finally {
    await runner.stop();
  }
}

async function events(): Promise<void> {
  const runner = await startRunnerProcess(STACK);
  const publisher = rabbitPublisher({
    RABBITMQ_URL: runner.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    EVENTS_EXCHANGE: runner.env.EVENTS_EXCHANGE!,
  });
  const type = 'dev.atelier.ops.probe.requested.v1';
  const event = () => newCloudEvent({ type, source: 'bench', data: { note: 'bench' } });
  const stats = async () =>
    (await fetch(`${runner.url}/sink/stats`)).json() as Promise<{
      count: number;
      first: number;
      last: number;
      latencies: number[];
    }>;
  const reset = () => fetch(`${runner.url}/sink/reset`, { method: 'POST' });
  const until = async (n: number) => {
    for (let i = 0; i < 1200; i++) {
      const s = await stats();
      if (s.count >= n) return s;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('events did not all arrive');
  };
  const rows: string[][] = [];
  try {
    await publisher.publish([event()]);
    await until(1);
    for (const rate of [200, 1000]) {
      await reset();
      const seconds = 5;
      const t0 = Date.now();
      // 100 ticks a second, each publishing its share (confirmed) before the next.
      for (let s = 0; s < seconds * 100; s++) {
        await publisher.publish(Array.from({ length: rate / 100 }, event));
        const wait = t0 + (s + 1) * 10 - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const st = await until(rate * seconds);
      const l = sortNum(st.latencies);
      rows.push([
        `paced ${rate}/s for ${seconds} s`,
        String(st.count),
        fmt(percentile(l, 50), 0),
        fmt(percentile(l, 99), 0),
        fmt((st.count / (st.last - t0)) * 1000, 0),
      ]);
    }
    await reset();
    const burst = 20_000;
    const t0 = Date.now();
    for (let i = 0; i < burst; i += 500) await publisher.publish(Array.from({ length: 500 }, event));
    const st = await until(burst);
    const l = sortNum(st.latencies);
    rows.push([
      `burst of ${burst}`,
      String(st.count),
      fmt(percentile(l, 50), 0),
      fmt(percentile(l, 99), 0),
      fmt((st.count / (st.last - t0)) * 1000, 0),
    ]);
  } finally {
    await publisher.close();
    await runner.stop();
  }
  out.push(
    table(
      'Events: publish (RabbitMQ, confirmed) -> router -> HTTP CloudEvent -> no-op handler',
      ['load', 'events', 'p50 ms', 'p99 ms', 'events/s'],
      rows,
    ),
  );
}

const only = process.argv[2];
if (!only || only === 'cold') {
  await coldStarts(false);
  await coldStarts(true);
}
if (!only || only === 'gateway') await gatewayOverhead();
if (!only || only === 'events') await events();
process.stdout.write(
  `${out.join('\n')}\n\nmachine: ${(await import('node:os')).cpus().length} cores, node ${process.version}\n`,
);
