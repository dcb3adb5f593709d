import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import Stripe from 'stripe';
import { reserve } from '../shared/src/billing/credits';
import { lockAccount, type Owner, post, unreconciled } from '../shared/src/billing/ledger';
import { createDb } from '../shared/src/db';
import { scratchDatabase } from '../shared/src/testing/db';
import { fmt, percentile, sortNum, startRunnerProcess, table } from './support';

/**
 * npm run bench:billing — credit reservations per second (50 concurrent clients on one account, then
 * spread over 1,000 accounts) straight on the ledger in PostgreSQL, and Stripe webhook requests per
 * second through the gateway, each with a real signature to verify. Prints tables.
 */
const out: string[] = [];
const POOL = 10; // five function instances' worth of connections (DB_POOL_MAX 2 each)
const CLIENTS = 50;

async function reservations() {
  const scratch = await scratchDatabase();
  const { db, close } = createDb({ DATABASE_URL: scratch.url, DB_POOL_MAX: POOL });
  try {
    const owners: Owner[] = Array.from({ length: 1_000 }, () => ({ userId: randomUUID() }));
    // Enough bought credits that no run ends on "insufficient".
    for (const owner of owners)
      await db.transaction(async (tx) => {
        const account = await lockAccount(tx, owner);
        await post(tx, account, { kind: 'purchase', idempotencyKey: 'bench', purchased: 10_000_000 });
      });
    const rows: string[][] = [];
    for (const [label, pick] of [
      ['one account (every client on the same row lock)', () => owners[0]!],
      ['1,000 accounts (clients spread at random)', () => owners[Math.floor(Math.random() * owners.length)]!],
    ] as const) {
      const run = async (seconds: number) => {
        const latencies: number[] = [];
        const until = performance.now() + seconds * 1000;
        await Promise.all(
          Array.from({ length: CLIENTS }, async () => {
            while (performance.now() < until) {
              const t0 = performance.now();
              await db.transaction((tx) =>
                reserve(tx, pick(), { operation: 'final_high', idempotencyKey: randomUUID() }),
              );
              latencies.push(performance.now() - t0);
            }
          }),
        );
        return latencies;
      };
      await run(2); // warm-up
      const seconds = 10;
      const sorted = sortNum(await run(seconds));
      rows.push([
        label,
        fmt(sorted.length / seconds, 0),
        fmt(percentile(sorted, 50), 1),
        fmt(percentile(sorted, 95), 1),
        fmt(percentile(sorted, 99), 1),
      ]);
    }
    const drift = await unreconciled(db);
    out.push(
      table(
        `reservations: reserve() in its own transaction, ${CLIENTS} concurrent clients, pool of ${POOL} connections, 10 s (ledger reconciles: ${drift.length === 0 ? 'yes' : `NO (${drift.length})`})`,
        ['accounts', 'reservations/s', 'p50 ms', 'p95 ms', 'p99 ms'],
        rows,
      ),
    );
  } finally {
    await close();
    await scratch.drop();
  }
}

async function stripeWebhooks() {
  const secret = 'whsec_bench_secret';
  const runner = await startRunnerProcess('stack.yml', {
    DATA_DIR: '.data/bench-billing',
    MAILBOX_KEY: `bench:mailbox:${randomUUID()}`,
    STRIPE_WEBHOOK_SECRET: secret,
  });
  const webhooks = new Stripe('sk_unused').webhooks;
  // Each request a new event (a replay would skip the insert), signed as Stripe signs it.
  const signed = () => {
    const body = JSON.stringify({
      id: `evt_${randomUUID().replaceAll('-', '')}`,
      object: 'event',
      api_version: '2026-10-28.endive',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: `cus_${randomUUID().slice(0, 14)}`, object: 'customer' } },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: 'customer.created',
    });
    return {
      method: 'POST' as const,
      path: '/v1/webhooks/stripe',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': webhooks.generateTestHeaderString({ payload: body, secret }),
      },
      body,
    };
  };
  try {
    const run = (duration: number) =>
      autocannon({
        url: runner.url,
        connections: CLIENTS,
        duration,
        requests: [{ setupRequest: (req) => ({ ...req, ...signed() }) }],
      });
    await run(3);
    const r = await run(10);
    out.push(
      table(
        `Stripe webhook: POST /v1/webhooks/stripe through the gateway (verify signature, store once, emit), ${CLIENTS} concurrent, 10 s`,
        ['requests/s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'non-2xx'],
        [
          [
            fmt(r.requests.average, 0),
            fmt(r.latency.p50, 1),
            fmt(r.latency.p97_5, 1),
            fmt(r.latency.p99, 1),
            String(r.non2xx),
          ],
        ],
      ),
    );
  } finally {
    await runner.stop();
  }
}

await reservations();
await stripeWebhooks();
console.log(out.join('\n'));
