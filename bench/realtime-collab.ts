import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { fmt, json, percentile, signIn, sortNum, startRunnerProcess, table } from './support';

/**
 * The collab part of `npm run bench:realtime`: ROOMS rooms × CLIENTS y-websocket clients (the same
 * library the studio runs), each client editing once every interval (5, 2, then 1 s) for SECONDS s. Measured: update
 * fan-out latency from the sender's edit to each other client in its room seeing it, straight to the
 * service's port (inside the service: stored in Postgres, applied, fanned out; no gateway hop). Every
 * client runs in this process, so sender and receivers share one clock. Target p95 < 200 ms.
 */
const ROOMS = Number(process.env.BENCH_ROOMS ?? 100);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Edit intervals per client to run, in ms: the edit rate rises run by run. */
const INTERVALS = (process.env.BENCH_INTERVALS_MS ?? '5000,2000,1000').split(',').map(Number);

type Health = { functions: Record<string, { port?: number; pid?: number }> };

/** CPU seconds a process has used so far (Linux /proc; clock ticks are 100 per second there). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

export async function collabBench(): Promise<string> {
  const runner = await startRunnerProcess('stack.yml', {
    DATA_DIR: '.data/bench-collab',
    MAILBOX_KEY: `bench:mailbox:${randomUUID()}`,
    LOGIN_PER_IP_PER_MINUTE: '100000',
    REGISTER_PER_IP_PER_HOUR: '100000',
    LOG_LEVEL: 'error',
  });
  const providers: WebsocketProvider[] = [];
  try {
    const token = await signIn(runner);
    const projectIds: string[] = [];
    for (let w = 0; w < Math.ceil(ROOMS / 50); w++) {
      const wb = (await json(runner, 'POST', '/v1/workbenches', { name: `Bench ${w}` }, token)).id as string;
      for (let i = 0; i < 50 && projectIds.length < ROOMS; i++) {
        const body = { name: `P${i}`, format: 'instagram_post' };
        projectIds.push(
          (await json(runner, 'POST', `/v1/workbenches/${wb}/projects`, body, token)).id as string,
        );
      }
    }
    // Wake the service, then connect to it directly.
    await json(runner, 'GET', `/v1/comments?projectId=${projectIds[0]}`, undefined, token);
    const collab = ((await runner.health()) as Health).functions.collab;
    const port = collab?.port;
    if (!port || !collab.pid) throw new Error('collab is not running');
    const latencies: number[] = [];
    let sent = 0;
    const rooms: Y.Doc[][] = [];
    for (const projectId of projectIds) {
      const docs: Y.Doc[] = [];
      for (let c = 0; c < CLIENTS; c++) {
        const doc = new Y.Doc();
        const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/v1/collab`, projectId, doc, {
          params: { token },
          WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
          disableBc: true,
        });
        providers.push(provider);
        // Each client writes its own key (the edit's send time); others record when they see it.
        doc.getMap<number>('bench').observe((event) => {
          if (event.transaction.local) return;
          const now = performance.now();
          for (const key of event.keysChanged) latencies.push(now - doc.getMap<number>('bench').get(key)!);
        });
        docs.push(doc);
      }
      rooms.push(docs);
      // Connect room by room so the start-up does not stampede the service.
      await Promise.all(
        providers
          .slice(-CLIENTS)
          .map(
            (p) => new Promise<void>((resolve) => (p.synced ? resolve() : p.once('sync', () => resolve()))),
          ),
      );
    }
    const docs = rooms.flat();
    const edit = (doc: Y.Doc) => {
      doc.getMap<number>('bench').set(String(doc.clientID), performance.now());
      sent++;
    };
    // Each client edits every `interval` ms, phases spread evenly over the interval.
    const run = async (seconds: number, interval: number) => {
      const until = performance.now() + seconds * 1000;
      const timers: NodeJS.Timeout[] = [];
      docs.forEach((doc, i) => {
        const start = () => {
          edit(doc);
          timers.push(setInterval(() => performance.now() < until && edit(doc), interval));
        };
        timers.push(setTimeout(start, (i / docs.length) * interval));
      });
      await new Promise((r) => setTimeout(r, seconds * 1000 + 2000));
      for (const t of timers) clearInterval(t);
    };
    await run(3, INTERVALS[0]!); // warm-up: JIT, pools
    const rows: string[][] = [];
    for (const interval of INTERVALS) {
      latencies.length = 0;
      sent = 0;
      const cpu0 = { service: cpuSeconds(collab.pid), bench: process.cpuUsage() };
      const t0 = performance.now();
      await run(SECONDS, interval);
      const wall = (performance.now() - t0) / 1000;
      const serviceCpu = (100 * (cpuSeconds(collab.pid) - cpu0.service)) / wall;
      const used = process.cpuUsage(cpu0.bench);
      const benchCpu = (100 * (used.user + used.system)) / 1e6 / wall;
      const sorted = sortNum(latencies);
      rows.push([
        String(interval),
        fmt(sent / SECONDS, 0),
        fmt((sent * (CLIENTS - 1)) / SECONDS, 0),
        fmt((100 * sorted.length) / Math.max(1, sent * (CLIENTS - 1)), 1),
        fmt(percentile(sorted, 50), 1),
        fmt(percentile(sorted, 95), 1),
        fmt(percentile(sorted, 99), 1),
        fmt(serviceCpu, 0),
        fmt(benchCpu, 0),
      ]);
    }
    return table(
      `collab fan-out: ${ROOMS} rooms × ${CLIENTS} y-websocket clients, ${SECONDS} s per rate, sender → the other clients of its room, straight to the service (target p95 < 200 ms)`,
      [
        'edit every ms',
        'edits/s',
        'deliveries/s',
        'delivered %',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'service CPU %',
        'clients CPU %',
      ],
      rows,
    );
  } finally {
    for (const p of providers) p.destroy();
    await runner.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await collabBench());
  process.exit(0);
}
