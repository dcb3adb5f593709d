import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '../redis';
import { createBreaker } from './breaker';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// Two clients: two instances of a function, each with its own connection to the shared Redis.
const clients = [createRedis({ REDIS_URL }), createRedis({ REDIS_URL })];
const prefix = `test:ai-breaker:${randomUUID()}:`;
afterAll(async () => {
  const keys = await clients[0]!.keys(`${prefix}*`);
  if (keys.length > 0) await clients[0]!.del(...keys);
  await Promise.all(clients.map((c) => c.quit()));
});

const OPEN_MS = 300;
const pair = () => [
  createBreaker(clients[0]!, { prefix, openMs: OPEN_MS }),
  createBreaker(clients[1]!, { prefix, openMs: OPEN_MS }),
];
const fail = async (b: ReturnType<typeof createBreaker>, name: string, n: number) => {
  for (let i = 0; i < n; i++) await (await b.acquire(name))!.failure();
};
const succeed = async (b: ReturnType<typeof createBreaker>, name: string, n: number) => {
  for (let i = 0; i < n; i++) await (await b.acquire(name))!.success();
};
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('circuit breaker in Redis', () => {
  it('opens after 5 consecutive failures, counted across instances', async () => {
    const [a, b] = pair();
    const name = `p-${randomUUID()}`;
    await fail(a!, name, 2);
    await fail(b!, name, 2);
    expect((await a!.state(name)).state).toBe('closed');
    expect((await a!.state(name)).consecutiveFailures).toBe(4);
    await fail(a!, name, 1);
    const s = await b!.state(name);
    expect(s.state).toBe('open');
    expect(s.openUntil).toBeGreaterThan(Date.now() - 1000);
    expect(await a!.acquire(name)).toBeNull();
    expect(await b!.acquire(name)).toBeNull();
  });

  it('a success resets the consecutive count', async () => {
    const [a] = pair();
    const name = `p-${randomUUID()}`;
    await fail(a!, name, 4);
    await succeed(a!, name, 1);
    await fail(a!, name, 4);
    expect(await a!.state(name)).toMatchObject({
      state: 'closed',
      consecutiveFailures: 4,
      calls: 9,
      failures: 8,
    });
  });

  it('opens when more than half of at least 10 calls in the minute failed', async () => {
    const [a, b] = pair();
    const name = `p-${randomUUID()}`;
    // ok, fail, fail, ok, … never 5 failures in a row.
    for (let i = 0; i < 9; i++) await (i % 3 === 0 ? succeed : fail)(i % 2 ? a! : b!, name, 1);
    // 9 calls, 6 failed: above 50 % but under the 10-call minimum.
    expect(await a!.state(name)).toMatchObject({ state: 'closed', calls: 9, failures: 6 });
    await fail(a!, name, 1);
    expect((await b!.state(name)).state).toBe('open');
  });

  it('stays closed at exactly 50 %', async () => {
    const [a] = pair();
    const name = `p-${randomUUID()}`;
    for (let i = 0; i < 12; i++) await (i % 2 ? fail : succeed)(a!, name, 1);
    expect(await a!.state(name)).toMatchObject({ state: 'closed', calls: 12, failures: 6 });
  });

  it('half-open lets exactly one trial through across instances; success closes', async () => {
    const [a, b] = pair();
    const name = `p-${randomUUID()}`;
    await fail(a!, name, 5);
    expect(await a!.acquire(name)).toBeNull();
    await wait(OPEN_MS + 20);
    expect((await a!.state(name)).state).toBe('half_open');
    // Both instances ask at the same moment, several times: one permit in all.
    const asks = await Promise.all([...Array(10)].map((_, i) => (i % 2 ? a! : b!).acquire(name)));
    const permits = asks.filter((p) => p !== null);
    expect(permits).toHaveLength(1);
    expect(permits[0]!.state).toBe('half_open');
    await permits[0]!.success();
    expect(await b!.state(name)).toMatchObject({
      state: 'closed',
      consecutiveFailures: 0,
      calls: 0,
      failures: 0,
    });
    expect((await a!.acquire(name))?.state).toBe('closed');
  });

  it('a failed trial re-opens it for another openMs', async () => {
    const [a, b] = pair();
    const name = `p-${randomUUID()}`;
    await fail(a!, name, 5);
    await wait(OPEN_MS + 20);
    const trial = await b!.acquire(name);
    expect(trial?.state).toBe('half_open');
    await trial!.failure();
    expect((await a!.state(name)).state).toBe('open');
    expect(await a!.acquire(name)).toBeNull();
    await wait(OPEN_MS + 20);
    expect((await a!.acquire(name))?.state).toBe('half_open');
  });

  it('a late result from before the breaker opened does not move it; a released trial frees the slot', async () => {
    const [a, b] = pair();
    const name = `p-${randomUUID()}`;
    const early = await a!.acquire(name);
    await fail(b!, name, 5);
    await early!.success();
    expect((await a!.state(name)).state).toBe('open');
    await wait(OPEN_MS + 20);
    const trial = await a!.acquire(name);
    expect(await b!.acquire(name)).toBeNull();
    await trial!.release();
    const next = await b!.acquire(name);
    expect(next?.state).toBe('half_open');
    await next!.success();
    expect((await a!.state(name)).state).toBe('closed');
  });

  it('a trial whose holder vanished is handed to another caller after its lease', async () => {
    const a = createBreaker(clients[0]!, { prefix, openMs: 50, trialLeaseMs: 100 });
    const name = `p-${randomUUID()}`;
    await fail(a, name, 5);
    await wait(70);
    expect(await a.acquire(name)).not.toBeNull(); // never settled
    expect(await a.acquire(name)).toBeNull();
    await wait(120);
    expect((await a.acquire(name))?.state).toBe('half_open');
  });

  it('reset closes it', async () => {
    const [a] = pair();
    const name = `p-${randomUUID()}`;
    await fail(a!, name, 5);
    await a!.reset(name);
    expect(await a!.state(name)).toEqual({
      state: 'closed',
      consecutiveFailures: 0,
      calls: 0,
      failures: 0,
      openUntil: null,
    });
  });
});
