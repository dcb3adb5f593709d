import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { idempotencyKeys } from '../../../db/schema';
import { RateLimitedError } from '../../../errors';
import { createLogger } from '../../../log';
import { scratchDatabase } from '../../../testing/db';
import { createFunction } from '../../create-function';
import { parseJson } from '../../validate';
import { ABANDONED_AFTER_MS, deleteExpiredIdempotencyKeys, IDEMPOTENCY_TTL_MS, idempotency } from '.';

/**
 * The middleware in a function of its own on a real database: the paths the platform cannot easily
 * provoke (a 5xx, a slow first request, a dead claim, time passing). The public API's cases run through
 * the gateway in idempotency.platform.test.ts.
 */
describe('Idempotency-Key middleware', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let now = Date.parse('2026-03-01T12:00:00Z');
  const runs = new Map<string, number>();
  const gates = new Map<string, { open: () => void; opened: Promise<void> }>();

  const ran = (name: string) => {
    const n = (runs.get(name) ?? 0) + 1;
    runs.set(name, n);
    return n;
  };

  function app(waitMs = 5_000) {
    const { app } = createFunction({
      name: 'test',
      version: '0',
      log: createLogger({ name: 't', level: 'silent' }),
    });
    /** Stands in for requireAuth: `x-user` is the user, `x-key` an API key of theirs. */
    const auth: MiddlewareHandler = async (c, next) => {
      const key = c.req.header('x-key');
      c.set('auth', {
        userId: c.req.header('x-user') ?? 'u1',
        sessionId: 's',
        emailVerified: true,
        exp: 0,
        ...(key ? { apiKey: { id: key, publicId: key, scopes: [], billing: 'credits' as const } } : {}),
      });
      await next();
    };
    app.use('/t/*', auth, idempotency({ db: scratch.db, clock: () => now, waitMs }));
    app.post('/t/create', async (c) => {
      const body = await parseJson(c, z.object({ name: z.string().min(1) }));
      const n = ran('create');
      c.header('location', `/t/things/${n}`);
      c.header('x-not-kept', String(n));
      return c.json({ n, name: body.name }, 201);
    });
    app.post('/t/empty', (c) => {
      ran('empty');
      return c.body(null, 204);
    });
    app.post('/t/flaky', (c) => {
      if (ran('flaky') === 1) throw new Error('boom');
      return c.json({ ok: true });
    });
    app.post('/t/limited', () => {
      ran('limited');
      throw new RateLimitedError(3);
    });
    app.post('/t/slow/:gate', async (c) => {
      const n = ran('slow');
      await gates.get(c.req.param('gate'))?.opened;
      return c.json({ n }, 202);
    });
    app.get('/t/read', (c) => c.json({ read: ran('read') }));
    return app;
  }

  const post = (
    a: ReturnType<typeof app>,
    path: string,
    body: unknown,
    key: string | undefined,
    headers: Record<string, string> = {},
  ) =>
    a.request(path, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(key === undefined ? {} : { 'idempotency-key': key }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const answer = async (res: Response) => ({
    status: res.status,
    body: await res.text(),
    location: res.headers.get('location'),
    replayed: res.headers.get('idempotent-replayed'),
  });

  const row = async (principal: string, key: string) =>
    (
      await scratch.db
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)))
    )[0];

  function gate(name: string) {
    let open!: () => void;
    const opened = new Promise<void>((r) => {
      open = r;
    });
    gates.set(name, { open, opened });
    return open;
  }

  beforeAll(async () => {
    scratch = await scratchDatabase();
  });
  afterAll(() => scratch?.drop());

  it('replays the first answer (status, body, Location) and runs the handler once', async () => {
    const a = app();
    const key = randomUUID();
    const before = runs.get('create') ?? 0;
    const first = await answer(await post(a, '/t/create', { name: 'A' }, key));
    const second = await post(a, '/t/create', { name: 'A' }, key);
    expect(first).toMatchObject({ status: 201, replayed: null });
    expect(await answer(second.clone())).toEqual({ ...first, replayed: 'true' });
    expect(second.headers.get('content-type')).toMatch(/application\/json/);
    // Only the kept headers come back: the rest belong to each answer.
    expect(second.headers.get('x-not-kept')).toBeNull();
    expect(runs.get('create')).toBe(before + 1);
    expect(await row('user:u1', key)).toMatchObject({ status: 201, method: 'POST', path: '/t/create' });
  });

  it('answers 422 idempotency_key_reused for another body or another path, and leaves the first answer', async () => {
    const a = app();
    const key = randomUUID();
    expect((await post(a, '/t/create', { name: 'A' }, key)).status).toBe(201);
    const other = await post(a, '/t/create', { name: 'B' }, key);
    expect(other.status).toBe(422);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('idempotency_key_reused');
    expect((await post(a, '/t/empty', undefined, key)).status).toBe(422);
    expect((await post(a, '/t/create', { name: 'A' }, key)).headers.get('idempotent-replayed')).toBe('true');
  });

  it('changes nothing without the header, and lets other methods through', async () => {
    const a = app();
    const before = runs.get('create') ?? 0;
    await post(a, '/t/create', { name: 'A' }, undefined);
    await post(a, '/t/create', { name: 'A' }, undefined);
    expect(runs.get('create')).toBe(before + 2);
    const reads = runs.get('read') ?? 0;
    for (let i = 0; i < 2; i++) await a.request('/t/read', { headers: { 'idempotency-key': 'k' } });
    expect(runs.get('read')).toBe(reads + 2);
  });

  it('refuses a key that is empty, longer than 255 or not printable ASCII with 400', async () => {
    const a = app();
    for (const key of ['', 'x'.repeat(256), 'tab\there', 'é']) {
      const res = await post(a, '/t/create', { name: 'A' }, key);
      expect(res.status, JSON.stringify(key)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
    }
    expect((await post(a, '/t/create', { name: 'A' }, 'x'.repeat(255))).status).toBe(201);
  });

  it('keeps keys per principal: each user and each API key has its own', async () => {
    const a = app();
    const key = randomUUID();
    const before = runs.get('create') ?? 0;
    await post(a, '/t/create', { name: 'A' }, key, { 'x-user': 'u1' });
    await post(a, '/t/create', { name: 'A' }, key, { 'x-user': 'u2' });
    await post(a, '/t/create', { name: 'A' }, key, { 'x-user': 'u1', 'x-key': 'k1' });
    expect(runs.get('create')).toBe(before + 3);
    expect(await row('key:k1', key)).toBeDefined();
    const again = await post(a, '/t/create', { name: 'A' }, key, { 'x-user': 'u1', 'x-key': 'k1' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('keeps 4xx answers, and an answer without a body (204)', async () => {
    const a = app();
    const bad = randomUUID();
    const first = await answer(await post(a, '/t/create', '{not json', bad));
    expect(first.status).toBe(400);
    expect(await answer(await post(a, '/t/create', '{not json', bad))).toEqual({
      ...first,
      replayed: 'true',
    });

    const empty = randomUUID();
    const before = runs.get('empty') ?? 0;
    expect((await post(a, '/t/empty', undefined, empty)).status).toBe(204);
    const replay = await post(a, '/t/empty', undefined, empty);
    expect(replay.status).toBe(204);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.text()).toBe('');
    expect(runs.get('empty')).toBe(before + 1);
  });

  it('lets the key go after a 5xx or a 429, so a retry with it runs', async () => {
    const a = app();
    const key = randomUUID();
    expect((await post(a, '/t/flaky', {}, key)).status).toBe(500);
    expect(await row('user:u1', key)).toBeUndefined();
    const retry = await post(a, '/t/flaky', {}, key);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();

    const limited = randomUUID();
    expect((await post(a, '/t/limited', {}, limited)).status).toBe(429);
    expect(await row('user:u1', limited)).toBeUndefined();
  });

  it('makes a duplicate wait for the first request and answer the same', async () => {
    const a = app();
    const key = randomUUID();
    const open = gate('g1');
    const before = runs.get('slow') ?? 0;
    const first = post(a, '/t/slow/g1', { x: 1 }, key);
    // The first holds the claim before the duplicates arrive.
    for (let i = 0; i < 100 && !(await row('user:u1', key)); i++) await new Promise((r) => setTimeout(r, 20));
    const duplicates = Array.from({ length: 5 }, () => post(a, '/t/slow/g1', { x: 1 }, key));
    await new Promise((r) => setTimeout(r, 200));
    open();
    const answers = await Promise.all([first, ...duplicates].map(async (r) => answer(await r)));
    expect(runs.get('slow')).toBe(before + 1);
    expect(answers[0]!.status).toBe(202);
    for (const other of answers.slice(1)) expect(other).toEqual({ ...answers[0], replayed: 'true' });
  });

  it('answers 409 idempotency_in_progress when the first request outlasts the wait', async () => {
    const a = app(300);
    const key = randomUUID();
    const open = gate('g2');
    const first = post(a, '/t/slow/g2', { x: 1 }, key);
    for (let i = 0; i < 100 && !(await row('user:u1', key)); i++) await new Promise((r) => setTimeout(r, 20));
    const duplicate = await post(a, '/t/slow/g2', { x: 1 }, key);
    expect(duplicate.status).toBe(409);
    expect(duplicate.headers.get('retry-after')).toBe('1');
    expect(((await duplicate.json()) as { error: { code: string } }).error.code).toBe(
      'idempotency_in_progress',
    );
    open();
    expect((await first).status).toBe(202);
  });

  it('treats a key older than 24 h as new, and deletes expired keys on request', async () => {
    const a = app();
    const key = randomUUID();
    const before = runs.get('create') ?? 0;
    await post(a, '/t/create', { name: 'A' }, key);
    now += IDEMPOTENCY_TTL_MS + 1;
    // Even another body: the old use is forgotten.
    const fresh = await post(a, '/t/create', { name: 'B' }, key);
    expect(fresh.status).toBe(201);
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
    expect(runs.get('create')).toBe(before + 2);

    const old = randomUUID();
    await post(a, '/t/create', { name: 'A' }, old);
    now += IDEMPOTENCY_TTL_MS + 1;
    expect(await deleteExpiredIdempotencyKeys(scratch.db, new Date(now))).toBeGreaterThanOrEqual(2);
    expect(await row('user:u1', old)).toBeUndefined();
  });

  it('takes over a claim abandoned by a request that died, for the same request only', async () => {
    const a = app(200);
    const key = randomUUID();
    const path = '/t/create';
    const body = JSON.stringify({ name: 'A' });
    const { createHash } = await import('node:crypto');
    const bodyHash = createHash('sha256').update(body).digest('hex');
    await scratch.db
      .insert(idempotencyKeys)
      .values({ principal: 'user:u1', key, method: 'POST', path, bodyHash, createdAt: new Date(now) });
    // Still young: the duplicate waits and gives up.
    expect((await post(a, path, { name: 'A' }, key)).status).toBe(409);
    now += ABANDONED_AFTER_MS + 1;
    expect((await post(a, path, { name: 'B' }, key)).status).toBe(422);
    const retried = await post(a, path, { name: 'A' }, key);
    expect(retried.status).toBe(201);
    expect((await row('user:u1', key))?.status).toBe(201);
  });
});
