import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { createDb } from '@atelier/shared/db';
import { subscriptions } from '@atelier/shared/db/schema';
import { startWebhookReceiver } from '../runner/src/test-support/webhook-receiver';
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
 * npm run bench:api — the public API with an API key: `GET /v1/projects` under 100 concurrent clients
 * through the gateway, with the per-key rate limit, monthly quota and usage counting on (a limit no
 * client reaches) and off (API_RATE_LIMIT_PER_MINUTE=0), and an access token for comparison; then
 * webhook deliveries a second. Prints tables.
 */
const CLIENTS = 100;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const out: string[] = [];

/** `clients` loops of GET `path` for `seconds`, each on its own kept-alive socket. */
async function load(runner: RunnerProcess, path: string, token: string, clients: number, seconds: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let failures = 0;
  const elapsed = await closedLoop(
    { port: runner.port, path, token, agent, clients, seconds },
    (status, ms) => {
      if (status === 200) latencies.push(ms);
      else failures++;
    },
  );
  agent.destroy();
  const sorted = sortNum(latencies);
  return {
    rps: latencies.length / elapsed,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    failures,
  };
}

async function projectsRun(label: string, perMinute: string) {
  const runner = await startRunnerProcess('stack.yml', {
    DATA_DIR: `.data/bench-api-${perMinute}`,
    MAILBOX_KEY: `bench:mailbox:${randomUUID()}`,
    RATE_LIMIT_NAMESPACE: `bench-${randomUUID()}`,
    LOGIN_PER_IP_PER_MINUTE: '100000',
    REGISTER_PER_IP_PER_HOUR: '100000',
    API_RATE_LIMIT_PER_MINUTE: perMinute,
  });
  try {
    const token = await signIn(runner);
    const me = (await json(runner, 'GET', '/v1/me', undefined, token)) as {
      id?: string;
      user?: { id: string };
    };
    const userId = me.id ?? me.user!.id;
    // Enterprise has no monthly quota: the run measures the checks, not a refusal.
    const db = createDb({ DATABASE_URL: runner.env.DATABASE_URL!, DB_POOL_MAX: 1 });
    await db.db.insert(subscriptions).values({
      ownerUserId: userId,
      plan: 'enterprise',
      status: 'active',
      provider: 'manual',
      currentPeriodStart: new Date(),
      currentPeriodEnd: new Date(Date.now() + 30 * 86_400_000),
    });
    await db.close();
    const wb = (await json(runner, 'POST', '/v1/workbenches', { name: 'Bench' }, token)).id as string;
    for (let i = 0; i < 20; i++)
      await json(
        runner,
        'POST',
        `/v1/workbenches/${wb}/projects`,
        { name: `P${i}`, format: 'x_post' },
        token,
      );
    const key = (
      await json(runner, 'POST', '/v1/developer/keys', { name: 'bench', scopes: ['projects:read'] }, token)
    ).secret as string;
    const rows: string[][] = [];
    const runs: Array<[string, string]> = [[`API key, ${label}`, key]];
    if (perMinute === '0') runs.push(['access token (no key checks)', token]);
    for (const [name, bearer] of runs) {
      await load(runner, '/v1/projects?limit=20', bearer, CLIENTS, 3); // warm-up: JIT, pools, instances
      const r = await load(runner, '/v1/projects?limit=20', bearer, CLIENTS, SECONDS);
      rows.push([name, fmt(r.rps, 0), fmt(r.p50), fmt(r.p95), fmt(r.p99), String(r.failures)]);
    }
    return rows;
  } finally {
    await runner.stop();
  }
}

if (process.env.BENCH_ONLY !== 'webhooks') {
  const withLimits = await projectsRun('rate limit + quota + usage on', '10000000');
  const without = await projectsRun('rate limit off', '0');
  const ratio = Number(withLimits[0]![1]) / Number(without[0]![1]);
  out.push(
    table(
      `GET /v1/projects?limit=20 (20 projects), ${CLIENTS} concurrent clients, ${SECONDS} s each, through the gateway`,
      ['bearer', 'requests/s', 'p50 ms', 'p95 ms', 'p99 ms', 'non-200'],
      [...withLimits, ...without],
    ),
    `\nrate-limit overhead: ${fmt((1 - ratio) * 100)} % fewer requests/s with the checks (throughput ratio ${fmt(ratio, 2)})`,
  );
}

/** Test pings fired as fast as the API takes them; deliveries counted at a receiver that verifies each. */
async function webhookRun() {
  const receiver = await startWebhookReceiver();
  const runner = await startRunnerProcess('stack.yml', {
    DATA_DIR: '.data/bench-api-webhooks',
    MAILBOX_KEY: `bench:mailbox:${randomUUID()}`,
    LOGIN_PER_IP_PER_MINUTE: '100000',
    REGISTER_PER_IP_PER_HOUR: '100000',
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_ALLOW_TARGETS: `127.0.0.1:${receiver.port}`,
  });
  try {
    const token = await signIn(runner);
    const created = await json(
      runner,
      'POST',
      '/v1/developer/webhooks',
      { url: `${receiver.url}/hook`, eventTypes: ['generation.completed'] },
      token,
    );
    receiver.setSecret(created.secret as string);
    const id = (created.endpoint as { id: string }).id;
    await json(runner, 'POST', `/v1/developer/webhooks/${id}/test`, {}, token); // warm-up
    while (receiver.accepted().length < 1) await new Promise((r) => setTimeout(r, 50));
    const total = Number(process.env.BENCH_WEBHOOKS ?? 1000);
    const t0 = performance.now();
    let sent = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (sent < total) {
          sent++;
          await json(runner, 'POST', `/v1/developer/webhooks/${id}/test`, {}, token);
        }
      }),
    );
    const accepted = performance.now() - t0;
    while (receiver.accepted().length < total + 1) await new Promise((r) => setTimeout(r, 20));
    const elapsed = (performance.now() - t0) / 1000;
    const bad = receiver.received.length - receiver.accepted().length;
    out.push(
      table(
        `webhook deliveries: ${total} test pings through the API → webhook-dispatcher → a local receiver verifying signatures`,
        ['deliveries/s (end to end)', 'pings accepted/s', 'seconds', 'bad signatures'],
        [[fmt(total / elapsed, 0), fmt(total / (accepted / 1000), 0), fmt(elapsed, 1), String(bad)]],
      ),
    );
  } finally {
    await runner.stop();
    await receiver.stop();
  }
}
if (process.env.BENCH_ONLY !== 'projects') await webhookRun();

console.log(out.join('\n'));
