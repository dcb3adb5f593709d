import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { loadSigningKey } from '@atelier/shared/auth/keys';
import { createAccessTokenIssuer } from '@atelier/shared/auth/tokens';
import type { LiveMessage } from '@atelier/shared/notifications/live';
import { userChannel } from '@atelier/shared/notifications/live';
import { createRedis } from '@atelier/shared/redis';
import { SseClient } from '../functions/stream/src/sse-client';
import { repoRoot } from '../runner/src/build';
import { fmt, percentile, sortNum, startRunnerProcess, table } from './support';

/**
 * bench/realtime-stream.ts (npm run bench:realtime) — 1,000 SSE clients (one user each) on one stream
 * process: notifications/s delivered, publish → client latency p50/p99 at a steady rate and flat out,
 * and memory per idle connection (the process's RSS delta / connections). The clients connect to the
 * stream's own port: the local gateway proxies through a per-function agent of 256 sockets.
 */
const CLIENTS = Number(process.env.BENCH_SSE_CLIENTS ?? 1000);
const out: string[] = [];
const rssKb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const runner = await startRunnerProcess('stack.yml', {
  DATA_DIR: '.data/bench-realtime',
  MAILBOX_KEY: `bench:mailbox:${randomUUID()}`,
  STREAM_CONNECTIONS_PER_USER: '10',
});
const redis = createRedis({ REDIS_URL: runner.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
const clients: SseClient[] = [];
try {
  // Long-running: started at boot; wait until it is ready.
  let stream: { state: string; port?: number; pid?: number } = { state: 'stopped' };
  for (let i = 0; i < 300 && stream.state !== 'ready'; i++) {
    stream = (await runner.health()).functions.stream as typeof stream;
    if (stream.state !== 'ready') await sleep(100);
  }
  if (!stream.port || !stream.pid) throw new Error(`stream is not running: ${JSON.stringify(stream)}`);
  const key = await loadSigningKey(
    readFileSync(join(repoRoot, '.data/bench-realtime/secrets/jwt-private-key'), 'utf8'),
  );
  const issuer = createAccessTokenIssuer(key, { issuer: 'atelier', audience: 'atelier-api' });
  const users = Array.from({ length: CLIENTS }, () => randomUUID());
  const tokens = await Promise.all(users.map(async (u) => (await issuer.issue(u, randomUUID())).token));

  // Idle memory: RSS before and after the connections, once they have settled.
  await sleep(1000);
  const before = rssKb(stream.pid);
  const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const url = `http://127.0.0.1:${stream.port}/v1/stream`;
  const t0 = performance.now();
  for (let i = 0; i < CLIENTS; i += 100) {
    const batch = await Promise.all(
      tokens.slice(i, i + 100).map((token) => SseClient.open(url, { token, agent })),
    );
    clients.push(...batch);
  }
  await Promise.all(clients.map((c) => c.waitFor((e) => e.event === 'ready', 60_000)));
  const connectMs = performance.now() - t0;
  await sleep(3000);
  const after = rssKb(stream.pid);

  let seq = 0;
  const latencies: number[] = [];
  let received = 0;
  for (const c of clients)
    c.onEvent = (e) => {
      if (e.event !== 'notification') return;
      received++;
      latencies.push(performance.now() - (JSON.parse(e.data) as { data: { t: number } }).data.t);
      c.events.length = 0; // keep the bench's own memory flat
    };
  const message = (): LiveMessage => ({
    kind: 'notification',
    prev: null,
    notification: {
      id: ++seq,
      type: 'generation.final_ready',
      title: 'Bench',
      data: { t: performance.now() },
      readAt: null,
      createdAt: new Date().toISOString(),
    },
  });
  const waitReceived = async (n: number, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (received < n && Date.now() < deadline) await sleep(10);
  };

  // Steady: 500 notifications/s for 4 s, round-robin over the users.
  const steadyRate = 500;
  const steadyCount = steadyRate * 4;
  for (let i = 0; i < steadyCount; i++) {
    const user = users[i % CLIENTS]!;
    void redis.publish(userChannel(user), JSON.stringify(message()));
    if (i % 50 === 49) await sleep(100);
  }
  await waitReceived(steadyCount, 15_000);
  const steady = sortNum(latencies.splice(0));
  const steadyReceived = received;

  // Flat out: 10 rounds of one notification to every user, pipelined.
  received = 0;
  const rounds = 10;
  const burst0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    const pipe = redis.pipeline();
    for (const user of users) pipe.publish(userChannel(user), JSON.stringify(message()));
    await pipe.exec();
  }
  await waitReceived(rounds * CLIENTS, 60_000);
  const burstS = (performance.now() - burst0) / 1000;
  const burst = sortNum(latencies.splice(0));

  out.push(
    table(
      `stream: ${CLIENTS} SSE clients on one stream process (connected in ${fmt(connectMs / 1000, 1)} s)`,
      ['run', 'sent', 'delivered', 'notifications/s', 'p50 ms', 'p99 ms'],
      [
        [
          `steady ${steadyRate}/s`,
          String(steadyCount),
          String(steadyReceived),
          fmt(steadyRate, 0),
          fmt(percentile(steady, 50), 1),
          fmt(percentile(steady, 99), 1),
        ],
        [
          `flat out, ${rounds} × ${CLIENTS}`,
          String(rounds * CLIENTS),
          String(received),
          fmt(received / burstS, 0),
          fmt(percentile(burst, 50), 1),
          fmt(percentile(burst, 99), 1),
        ],
      ],
    ),
    table(
      'stream: memory of idle connections (RSS of the stream process)',
      ['connections', 'RSS before MiB', 'RSS after MiB', 'per connection KiB'],
      [[String(CLIENTS), fmt(before / 1024, 1), fmt(after / 1024, 1), fmt((after - before) / CLIENTS, 1)]],
    ),
  );
} finally {
  for (const c of clients) c.close();
  redis.disconnect();
  await runner.stop();
}
console.log(out.join('\n'));
