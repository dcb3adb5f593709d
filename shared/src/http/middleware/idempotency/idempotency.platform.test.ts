import { randomUUID } from 'node:crypto';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newProject } from '../../../../../runner/src/test-support/creative';
import { withoutAiProviders } from '../../../../../runner/src/test-support/generation';
import type { TestPlatform } from '../../../../../runner/src/test-support/platform';
import {
  newUser,
  request,
  startIdentityPlatform,
  type TestUser,
} from '../../../../../runner/src/test-support/users';
import { apiKeys, generations, idempotencyKeys, projects, uploads, workbenches } from '../../../db/schema';
import { newApiKey } from '../../../developer/api-keys';

/**
 * `Idempotency-Key` on the public API's POSTs, through the gateway of a real platform: generations,
 * workbenches and projects, asset uploads; signed-in users and API keys.
 */
describe('Idempotency-Key on the public API', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startIdentityPlatform({ ...withoutAiProviders(), GENERATIONS_PER_USER_PER_MINUTE: '1000' });
  }, 120_000);
  afterAll(() => p?.stop());

  const withKey = (
    user: { accessToken: string },
    method: string,
    path: string,
    body: unknown,
    key: string | undefined,
  ) => request(p, user, method, path, body, key === undefined ? {} : { 'idempotency-key': key });

  /** What a client compares: status, body and Location. */
  const seen = (res: Awaited<ReturnType<typeof request>>) => ({
    status: res.status,
    body: res.body,
    location: res.headers.get('location'),
  });

  const generationsOf = async (projectId: string) =>
    (await p.db.db.select({ n: count() }).from(generations).where(eq(generations.projectId, projectId)))[0]!
      .n;

  const prompt = (projectId: string, text = 'A lighthouse at dawn') => ({
    projectId,
    prompt: text,
    format: 'instagram_post',
  });

  it('the same POST /v1/generations twice makes one generation and answers the same, marked as a replay', async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const key = randomUUID();
    const first = await withKey(user, 'POST', '/v1/generations', prompt(projectId), key);
    expect(first.status).toBe(202);
    expect(first.headers.get('location')).toBe(`/v1/generations/${first.body.id}`);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const second = await withKey(user, 'POST', '/v1/generations', prompt(projectId), key);
    expect(seen(second)).toEqual(seen(first));
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await generationsOf(projectId)).toBe(1);
  });

  it('the same key with another body or on another route answers 422 idempotency_key_reused', async () => {
    const user = await newUser(p);
    const { projectId, workbenchId } = await newProject(p, { userId: user.userId });
    const key = randomUUID();
    expect((await withKey(user, 'POST', '/v1/generations', prompt(projectId), key)).status).toBe(202);
    const otherBody = await withKey(user, 'POST', '/v1/generations', prompt(projectId, 'A harbour'), key);
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.error?.code).toBe('idempotency_key_reused');
    const otherRoute = await withKey(user, 'POST', `/v1/workbenches/${workbenchId}/archive`, undefined, key);
    expect(otherRoute.status).toBe(422);
    expect(otherRoute.body.error?.code).toBe('idempotency_key_reused');
    expect(await generationsOf(projectId)).toBe(1);
  });

  it('10 concurrent duplicates make one generation, and all get the same answer', async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => withKey(user, 'POST', '/v1/generations', prompt(projectId), key)),
    );
    expect(await generationsOf(projectId)).toBe(1);
    const original = answers.filter((a) => a.headers.get('idempotent-replayed') === null);
    expect(original).toHaveLength(1);
    for (const a of answers) expect(seen(a)).toEqual(seen(original[0]!));
  });

  it('keeps a 4xx answer for its key: the fixed request needs a new key', async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const key = randomUUID();
    const bad = { projectId, prompt: '   ' };
    const first = await withKey(user, 'POST', '/v1/generations', bad, key);
    expect(first.status).toBe(400);
    const again = await withKey(user, 'POST', '/v1/generations', bad, key);
    expect(seen(again)).toEqual(seen(first));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await withKey(user, 'POST', '/v1/generations', prompt(projectId), key)).status).toBe(422);
    expect((await withKey(user, 'POST', '/v1/generations', prompt(projectId), randomUUID())).status).toBe(
      202,
    );
    expect(await generationsOf(projectId)).toBe(1);
  });

  it('without the header, the same POST twice makes two generations', async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    for (let i = 0; i < 2; i++)
      expect((await withKey(user, 'POST', '/v1/generations', prompt(projectId), undefined)).status).toBe(202);
    expect(await generationsOf(projectId)).toBe(2);
  });

  it('refuses a malformed key with 400', async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const res = await withKey(user, 'POST', '/v1/generations', prompt(projectId), 'k'.repeat(256));
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('validation_failed');
    expect(await generationsOf(projectId)).toBe(0);
  });

  it('keeps keys per caller: another user’s same key neither replays nor blocks', async () => {
    const alice = await newUser(p);
    const bob = await newUser(p);
    const a = await newProject(p, { userId: alice.userId });
    const b = await newProject(p, { userId: bob.userId });
    const key = randomUUID();
    expect((await withKey(alice, 'POST', '/v1/generations', prompt(a.projectId), key)).status).toBe(202);
    // Bob sending Alice's exact request with her key learns nothing of her answer.
    const stolen = await withKey(bob, 'POST', '/v1/generations', prompt(a.projectId), key);
    expect(stolen.status).toBe(404);
    expect(stolen.headers.get('idempotent-replayed')).toBeNull();
    const own = await withKey(bob, 'POST', '/v1/generations', prompt(b.projectId), randomUUID());
    expect(own.status).toBe(202);
    expect(await generationsOf(a.projectId)).toBe(1);
  });

  it('covers workbenches and projects: one workbench, one project, archiving replayed', async () => {
    const user = await newUser(p);
    const key = randomUUID();
    const body = { name: `Idempotent ${key}` };
    const first = await withKey(user, 'POST', '/v1/workbenches', body, key);
    expect(first.status).toBe(201);
    const second = await withKey(user, 'POST', '/v1/workbenches', body, key);
    expect(seen(second)).toEqual(seen(first));
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const made = await p.db.db.select().from(workbenches).where(eq(workbenches.name, body.name));
    expect(made).toHaveLength(1);

    const wb = first.body.id as string;
    const projectKey = randomUUID();
    const project = { name: 'Launch post', format: 'instagram_post' };
    const created = await withKey(user, 'POST', `/v1/workbenches/${wb}/projects`, project, projectKey);
    expect(created.status).toBe(201);
    const replay = await withKey(user, 'POST', `/v1/workbenches/${wb}/projects`, project, projectKey);
    expect(seen(replay)).toEqual(seen(created));
    const inWorkbench = await p.db.db.select().from(projects).where(eq(projects.workbenchId, wb));
    expect(inWorkbench).toHaveLength(1);

    const archiveKey = randomUUID();
    const archived = await withKey(
      user,
      'POST',
      `/v1/projects/${created.body.id}/archive`,
      undefined,
      archiveKey,
    );
    expect(archived.status).toBe(200);
    const archivedAgain = await withKey(
      user,
      'POST',
      `/v1/projects/${created.body.id}/archive`,
      undefined,
      archiveKey,
    );
    expect(seen(archivedAgain)).toEqual(seen(archived));
    expect(archivedAgain.headers.get('idempotent-replayed')).toBe('true');
  });

  it('covers asset uploads: one upload for one key', async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const key = randomUUID();
    const body = { projectId, name: 'logo.png', contentType: 'image/png', size: 2048 };
    const first = await withKey(user, 'POST', '/v1/assets/uploads', body, key);
    expect(first.status).toBe(201);
    const second = await withKey(user, 'POST', '/v1/assets/uploads', body, key);
    expect(seen(second)).toEqual(seen(first));
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const started = await p.db.db.select().from(uploads).where(eq(uploads.targetId, projectId));
    expect(started).toHaveLength(1);
  });

  it('keys belong to the API key that sent them, apart from its owner’s own', async () => {
    const user = await newUser(p);
    const made = newApiKey();
    const [apiKey] = await p.db.db
      .insert(apiKeys)
      .values({
        publicId: made.publicId,
        secretHash: made.secretHash,
        userId: user.userId,
        name: 'ci',
        scopes: ['projects:read', 'projects:write'],
      })
      .returning();
    const bearer = { accessToken: made.secret };
    const key = randomUUID();
    const body = { name: `By key ${key}` };
    const first = await withKey(bearer, 'POST', '/v1/workbenches', body, key);
    expect(first.status).toBe(201);
    const second = await withKey(bearer, 'POST', '/v1/workbenches', body, key);
    expect(seen(second)).toEqual(seen(first));
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const [row] = await p.db.db
      .select({ principal: idempotencyKeys.principal })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.key, key));
    expect(row?.principal).toBe(`key:${apiKey!.id}`);
    // The owner signed in, with the same key and body: a request of their own.
    const byOwner = await withKey(user, 'POST', '/v1/workbenches', body, key);
    expect(byOwner.status).toBe(201);
    expect(byOwner.body.id).not.toBe(first.body.id);
  });

  it('forgets a key after 24 hours: the same key then makes a new resource', async () => {
    const user: TestUser = await newUser(p);
    const key = randomUUID();
    const body = { name: `Old key ${key}` };
    const first = await withKey(user, 'POST', '/v1/workbenches', body, key);
    await p.db.db
      .update(idempotencyKeys)
      .set({ createdAt: sql`now() - interval '25 hours'` })
      .where(eq(idempotencyKeys.key, key));
    const later = await withKey(user, 'POST', '/v1/workbenches', body, key);
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(later.body.id).not.toBe(first.body.id);
  });
});
