import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { apiKeys, apiUsage } from '@atelier/shared/db/schema';
import { createLogger } from '@atelier/shared/log';
import { createRedis } from '@atelier/shared/redis';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../runner/src/build';
import { loadRunnerConfig } from '../../../runner/src/config';
import { type Runner, startRunner } from '../../../runner/src/runner';
import { newProject } from '../../../runner/src/test-support/creative';
import { startTestPlatform, type TestPlatform } from '../../../runner/src/test-support/platform';
import { request as call, newUser, type TestUser } from '../../../runner/src/test-support/users';
import { flushUsage } from './flush';

let p: TestPlatform;
let owner: TestUser;
// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field
type Json = Record<string, any>;
const request = async (...args: Parameters<typeof call>) => {
  const res = await call(...args);
  return { ...res, body: res.body as Json };
};

beforeAll(async () => {
  p = await startTestPlatform();
  owner = await newUser(p);
}, 120_000);
afterAll(async () => p?.stop());

async function newKey(user: TestUser, body: Json) {
  const res = await request(p, user, 'POST', '/v1/developer/keys', body);
  expect(res.status).toBe(201);
  return res.body as { key: Json; secret: string };
}
const as = (secret: string) => ({ accessToken: secret });

describe('API key lifecycle', () => {
  it('is shown once, stored hashed, listed without its secret, usable, and refused once revoked', async () => {
    const { key, secret } = await newKey(owner, {
      name: 'CI',
      scopes: ['projects:read', 'generations:read'],
    });
    expect(secret).toMatch(/^atl_live_[0-9a-f]{20}_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(key.prefix)).toBe(true);
    expect(key).toMatchObject({ name: 'CI', state: 'active', billing: 'credits', lastUsedAt: null });

    const [row] = await p.db.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row!.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(secret.split('_').at(-1));

    const listed = await request(p, owner, 'GET', '/v1/developer/keys');
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(listed.body.items.map((k: Json) => k.id)).toContain(key.id);

    const ok = await request(p, as(secret), 'GET', '/v1/workbenches', undefined, {
      'x-forwarded-for': '203.0.113.7',
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('ratelimit-policy')).toMatch(/^"minute";q=100;w=60, "month";q=1000;w=\d+$/);
    expect(ok.headers.get('ratelimit')).toMatch(/^"minute";r=99;t=\d+, "month";r=999;t=\d+$/);
    const used = (await request(p, owner, 'GET', '/v1/developer/keys')).body.items.find(
      (k: Json) => k.id === key.id,
    );
    expect(used.lastUsedAt).not.toBeNull();

    const revoked = await request(p, owner, 'DELETE', `/v1/developer/keys/${key.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.state).toBe('revoked');
    const refused = await request(p, as(secret), 'GET', '/v1/workbenches');
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({ code: 'unauthorized', details: { reason: 'revoked' } });
    // Revoking twice is harmless.
    expect((await request(p, owner, 'DELETE', `/v1/developer/keys/${key.id}`)).body.state).toBe('revoked');
  });

  it('refuses an expired key, a forged secret and a malformed key with 401', async () => {
    const { key, secret } = await newKey(owner, {
      name: 'short-lived',
      scopes: ['projects:read'],
      expiresInDays: 1,
    });
    expect(new Date(key.expiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    await p.db.db
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, key.id));
    const expired = await request(p, as(secret), 'GET', '/v1/workbenches');
    expect(expired.status).toBe(401);
    expect(expired.body.error.details).toEqual({ reason: 'expired' });
    expect(
      (await request(p, owner, 'GET', '/v1/developer/keys')).body.items.find((k: Json) => k.id === key.id)
        .state,
    ).toBe('expired');

    const other = await newKey(owner, { name: 'real', scopes: ['projects:read'] });
    const forged = `${other.key.prefix}_${'A'.repeat(43)}`;
    const res = await request(p, as(forged), 'GET', '/v1/workbenches');
    expect(res.status).toBe(401);
    expect(res.body.error.details).toBeUndefined();
    expect((await request(p, as('atl_live_nope'), 'GET', '/v1/workbenches')).status).toBe(401);
  });

  it('answers 403 naming the missing scope, and keeps keys off routes that are not public', async () => {
    const { secret } = await newKey(owner, { name: 'read only', scopes: ['projects:read'] });
    const project = await newProject(p, { userId: owner.userId });
    const write = await request(p, as(secret), 'POST', '/v1/generations', {
      projectId: project.projectId,
      prompt: 'a fox',
    });
    expect(write.status).toBe(403);
    expect(write.body.error).toMatchObject({
      code: 'insufficient_scope',
      details: { scope: 'generations:write' },
    });
    const read = await request(p, as(secret), 'GET', `/v1/generations?projectId=${project.projectId}`);
    expect(read.status).toBe(403);
    expect(read.body.error.details).toEqual({ scope: 'generations:read' });
    expect((await request(p, as(secret), 'GET', `/v1/projects/${project.projectId}`)).status).toBe(200);
    // Account, billing and the keys themselves are for signed-in people only: 401 where the function
    // takes no API keys, 403 where it does but the route is not public.
    for (const path of ['/v1/me', '/v1/billing/credits', '/v1/developer/keys', '/v1/brand-kits'])
      expect([401, 403], path).toContain((await request(p, as(secret), 'GET', path)).status);
  });

  it('keeps keys to their owner: a foreign key id is 404', async () => {
    const stranger = await newUser(p);
    const { key } = await newKey(owner, { name: 'mine', scopes: ['projects:read'] });
    expect((await request(p, stranger, 'DELETE', `/v1/developer/keys/${key.id}`)).status).toBe(404);
    expect((await request(p, stranger, 'GET', `/v1/developer/usage?keyId=${key.id}`)).status).toBe(404);
    expect((await request(p, stranger, 'GET', '/v1/developer/keys')).body.items).toEqual([]);
  });

  it('validates what a key is made of', async () => {
    for (const body of [
      {},
      { name: '', scopes: ['projects:read'] },
      { name: 'x', scopes: [] },
      { name: 'x', scopes: ['root'] },
      { name: 'x', scopes: ['projects:read', 'projects:read'] },
      { name: 'x', scopes: ['projects:read'], expiresInDays: 0 },
      { name: 'x', scopes: ['projects:read'], billing: 'free' },
      { name: 'x', scopes: ['projects:read'], extra: true },
    ]) {
      const res = await request(p, owner, 'POST', '/v1/developer/keys', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await request(p, owner, 'DELETE', '/v1/developer/keys/not-a-uuid')).status).toBe(400);
  });
});

describe('rate limit, quota and usage', () => {
  let second: Runner;
  const secondDataDir = join('.data', 'test', `second-${process.pid}`);

  beforeAll(async () => {
    // A second gateway-facing runner on the same database, broker and Redis namespace, as two
    // instances of the platform would be.
    cpSync(join(repoRoot, p.env.DATA_DIR!, 'secrets'), join(repoRoot, secondDataDir, 'secrets'), {
      recursive: true,
    });
    const env = { ...p.env, DATA_DIR: secondDataDir };
    second = await startRunner({
      root: repoRoot,
      config: loadRunnerConfig(env),
      env,
      log: createLogger({ name: 'runner-2', level: 'warn' }),
    });
  }, 120_000);
  afterAll(async () => {
    await second?.router.destroy();
    await second?.stop();
    rmSync(join(repoRoot, secondDataDir), { recursive: true, force: true });
  });

  it('lets exactly 100 of 150 requests a minute through across two gateways, with RateLimit headers', async () => {
    const user = await newUser(p);
    const { key, secret } = await newKey(user, { name: 'busy', scopes: ['projects:read'] });
    const gateways = [p.url, second.url];
    const answers: Array<{ status: number; headers: Headers; body: Json }> = [];
    let next = 0;
    const worker = async () => {
      while (next < 150) {
        const i = next++;
        const res = await fetch(`${gateways[i % 2]}/v1/workbenches`, {
          headers: { authorization: `Bearer ${secret}` },
        });
        answers.push({ status: res.status, headers: res.headers, body: (await res.json()) as Json });
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    const passed = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429);
    expect(passed).toHaveLength(100);
    expect(refused).toHaveLength(50);
    const remaining = passed.map((a) => Number(/"minute";r=(\d+)/.exec(a.headers.get('ratelimit')!)![1]));
    expect(new Set(remaining)).toEqual(new Set(Array.from({ length: 100 }, (_, i) => i)));
    for (const a of refused) {
      expect(a.body.error.code).toBe('rate_limited');
      const retryAfter = Number(a.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(a.headers.get('ratelimit-policy')).toContain('"minute";q=100;w=60');
      expect(a.headers.get('ratelimit')).toMatch(/^"minute";r=0;t=\d+/);
    }

    // Only the requests that passed count as usage, live at once and the same after a flush.
    const usage = async () =>
      (await request(p, user, 'GET', `/v1/developer/usage?keyId=${key.id}&days=7`)).body;
    const before = await usage();
    expect(before.keys).toEqual([expect.objectContaining({ keyId: key.id, requests: 100, generations: 0 })]);
    expect(before.days).toHaveLength(7);
    expect(before.days.at(-1).requests).toBe(100);
    expect(before.quota).toMatchObject({ limit: 1000, used: 100 });
    expect(before.rateLimit).toEqual({ perMinute: 100 });

    const redis = createRedis({ REDIS_URL: p.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
    try {
      const deps = {
        db: p.db.db,
        redis,
        log: createLogger({ name: 't', level: 'warn' }),
        clock: Date.now,
        namespace: p.env.RATE_LIMIT_NAMESPACE!,
        perMinute: 100,
      };
      expect(await flushUsage(deps)).toBeGreaterThanOrEqual(1);
      expect(await flushUsage(deps)).toBe(0);
      const [row] = await p.db.db.select().from(apiUsage).where(eq(apiUsage.keyId, key.id));
      expect(row).toMatchObject({ requests: 100, generations: 0 });
      expect((await usage()).keys[0].requests).toBe(100);

      // The month's quota is the owner's, across keys: once spent, 429 quota_exceeded until the month ends.
      const month = new Date().toISOString().slice(0, 7);
      await redis.set(`${p.env.RATE_LIMIT_NAMESPACE}:dev:quota:${user.userId}:${month}`, '1000');
      const other = await newKey(user, { name: 'another', scopes: ['projects:read'] });
      const spent = await request(p, as(other.secret), 'GET', '/v1/workbenches');
      expect(spent.status).toBe(429);
      expect(spent.body.error.code).toBe('quota_exceeded');
      expect(Number(spent.headers.get('retry-after'))).toBeGreaterThan(60);
      expect(spent.headers.get('ratelimit')).toMatch(/"month";r=0;t=\d+/);
    } finally {
      await redis.quit();
    }
  });
});
