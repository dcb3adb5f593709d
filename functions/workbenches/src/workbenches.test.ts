import { randomUUID } from 'node:crypto';
import { liveRoomKey } from '@atelier/shared/collab/live';
import { projects, subscriptions, templates } from '@atelier/shared/db/schema';
import { createRedis } from '@atelier/shared/redis';
import { eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../../runner/src/test-support/platform';
import {
  mailTo,
  newUser,
  request,
  startIdentityPlatform,
  type TestUser,
} from '../../../runner/src/test-support/users';

describe('workbenches, projects and design documents through the gateway', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startIdentityPlatform();
  });
  afterAll(() => p?.stop());

  const call = (user: TestUser | undefined, method: string, path: string, body?: unknown) =>
    request(p, user, method, path, body);

  async function workbench(user: TestUser, body: Record<string, unknown> = {}) {
    const res = await call(user, 'POST', '/v1/workbenches', { name: 'Spring campaign', ...body });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }
  async function project(user: TestUser, workbenchId: string, body: Record<string, unknown> = {}) {
    const res = await call(user, 'POST', `/v1/workbenches/${workbenchId}/projects`, {
      name: 'Launch post',
      format: 'instagram_post',
      ...body,
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; width: number; height: number; format: string };
  }

  /** A team owned by `owner` (MFA on, as administering needs) with `who` joined as `role`. */
  async function teamWith(who: TestUser, role: 'editor' | 'viewer') {
    const owner = await newUser(p, { mfa: true });
    const teamId = (await call(owner, 'POST', '/v1/teams', { name: 'Studio' })).body.id as string;
    await call(owner, 'POST', `/v1/teams/${teamId}/invitations`, { email: who.email, role });
    const mail = (await mailTo(p, who.email)).find((m) => m.text.includes('/teams/accept'))!;
    const token = /token=([A-Za-z0-9_-]{43})/.exec(mail.text)![1];
    expect((await call(who, 'POST', '/v1/teams/invitations/accept', { token })).status).toBe(200);
    return { owner, teamId };
  }

  it('creates, lists, renames, archives, restores and deletes workbenches', async () => {
    const user = await newUser(p);
    const id = await workbench(user, { description: 'Q2' });
    await workbench(user, { name: 'Autumn' });
    const list = await call(user, 'GET', '/v1/workbenches');
    expect((list.body.items as Array<{ name: string }>).map((w) => w.name)).toEqual([
      'Autumn',
      'Spring campaign',
    ]);
    expect((await call(user, 'GET', '/v1/workbenches?q=spr')).body.items).toHaveLength(1);
    const renamed = await call(user, 'PATCH', `/v1/workbenches/${id}`, { name: 'Spring 2027' });
    expect(renamed.body).toMatchObject({ name: 'Spring 2027', description: 'Q2' });
    expect((await call(user, 'POST', `/v1/workbenches/${id}/archive`)).body.archived).toBe(true);
    expect((await call(user, 'GET', '/v1/workbenches')).body.items).toHaveLength(1);
    expect((await call(user, 'GET', '/v1/workbenches?archived=true')).body.items).toHaveLength(1);
    expect((await call(user, 'POST', `/v1/workbenches/${id}/restore`)).body.archived).toBe(false);
    await project(user, id);
    expect((await call(user, 'GET', `/v1/workbenches/${id}`)).body.projectCount).toBe(1);
    expect((await call(user, 'DELETE', `/v1/workbenches/${id}`)).status).toBe(204);
    expect((await call(user, 'GET', `/v1/workbenches/${id}`)).status).toBe(404);
    expect(await p.db.db.select().from(projects).where(eq(projects.workbenchId, id))).toEqual([]);
  });

  it('pages through lists with a cursor, without gaps or repeats', async () => {
    const user = await newUser(p);
    const id = await workbench(user);
    const made = [];
    for (let i = 0; i < 7; i++) made.push((await project(user, id, { name: `P${i}` })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(
        user,
        'GET',
        `/v1/workbenches/${id}/projects?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...(res.body.items as Array<{ id: string }>).map((x) => x.id));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
    const bad = await call(user, 'GET', `/v1/workbenches/${id}/projects?cursor=garbage`);
    expect(bad.status).toBe(400);
    expect(bad.body.error?.details).toEqual([{ path: 'cursor', message: 'is not a cursor from this list' }]);
  });

  it('sizes projects by format, or custom 50–4,096 px', async () => {
    const user = await newUser(p);
    const id = await workbench(user);
    expect(await project(user, id, { format: 'instagram_story' })).toMatchObject({
      width: 1080,
      height: 1920,
    });
    expect(await project(user, id, { format: 'custom', width: 50, height: 4096 })).toMatchObject({
      width: 50,
      height: 4096,
    });
    for (const body of [
      { format: 'custom', width: 49, height: 100 },
      { format: 'custom', width: 100, height: 4097 },
      { format: 'custom', width: 100 },
      { format: 'instagram_post', width: 100, height: 100 },
      { format: 'myspace_banner' },
    ]) {
      const res = await call(user, 'POST', `/v1/workbenches/${id}/projects`, { name: 'x', ...body });
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe('validation_failed');
    }
  });

  it('refuses the 101st project in a workbench with limit_reached', async () => {
    const user = await newUser(p);
    const id = await workbench(user);
    // 100 rows straight into the table: the limit is what is under test, not 100 round trips.
    await p.db.db.insert(projects).values(
      Array.from({ length: 100 }, (_, i) => ({
        workbenchId: id,
        name: `P${i}`,
        format: 'x_post',
        width: 1600,
        height: 900,
      })),
    );
    const res = await call(user, 'POST', `/v1/workbenches/${id}/projects`, {
      name: 'One too many',
      format: 'x_post',
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'limit_reached',
      details: { limit: 100, resource: 'project' },
    });
  });

  it('starts a project from a gallery template, in its format, and counts the use', async () => {
    const user = await newUser(p);
    const id = await workbench(user);
    const [template] = await p.db.db.select().from(templates).where(isNull(templates.ownerUserId)).limit(1);
    const made = await project(user, id, { format: undefined, templateId: template!.id });
    expect(made.format).toBe(template!.format);
    const doc = await call(user, 'GET', `/v1/projects/${made.id}/document`);
    expect(doc.body.revision).toBe(1);
    expect((doc.body.document as { layers: unknown[] }).layers).toEqual(
      (template!.document as { layers: unknown[] }).layers,
    );
    const [after] = await p.db.db.select().from(templates).where(eq(templates.id, template!.id));
    expect(after!.uses).toBe(template!.uses + 1);
    expect(
      (await call(user, 'POST', `/v1/workbenches/${id}/projects`, { name: 'x', templateId: randomUUID() }))
        .status,
    ).toBe(404);
  });

  it('saves design documents with optimistic concurrency, keeps history and restores', async () => {
    const user = await newUser(p);
    const { id } = await project(user, await workbench(user));
    const base = (await call(user, 'GET', `/v1/projects/${id}/document`)).body;
    const edit = (title: string) => ({
      ...(base.document as object),
      layers: [
        {
          id: 'title',
          name: 'Title',
          type: 'text',
          text: title,
          fontFamily: 'Inter',
          fontSize: 64,
          fontWeight: 700,
          color: { brand: 'primary' },
          align: 'center',
          x: 10,
          y: 10,
          width: 500,
          height: 100,
        },
      ],
    });
    const first = await call(user, 'PUT', `/v1/projects/${id}/document`, {
      revision: 1,
      document: edit('Hello'),
    });
    expect(first.status).toBe(200);
    expect(first.body.revision).toBe(2);
    // A second writer that also loaded revision 1 loses, and is told what to reload.
    const second = await call(user, 'PUT', `/v1/projects/${id}/document`, {
      revision: 1,
      document: edit('Bonjour'),
    });
    expect(second.status).toBe(409);
    expect(second.body.error?.details).toEqual({ currentRevision: 2 });
    const versions = await call(user, 'GET', `/v1/projects/${id}/document/versions`);
    expect((versions.body.items as Array<{ revision: number }>).map((v) => v.revision)).toEqual([2, 1]);
    const restored = await call(user, 'POST', `/v1/projects/${id}/document/versions/1/restore`, {
      revision: 2,
    });
    expect(restored.body.revision).toBe(3);
    const now = await call(user, 'GET', `/v1/projects/${id}/document`);
    expect(now.body.document).toEqual(base.document);
    const invalid = await call(user, 'PUT', `/v1/projects/${id}/document`, {
      revision: 3,
      document: { ...(base.document as object), layers: [{ type: 'video' }] },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error?.details?.[0]?.path).toMatch(/^document\.layers\.0/);
  });

  it('refuses saves and restores while a live collab room owns the document (409 document_live)', async () => {
    const user = await newUser(p);
    const { id } = await project(user, await workbench(user));
    const base = (await call(user, 'GET', `/v1/projects/${id}/document`)).body;
    const redis = createRedis({ REDIS_URL: p.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
    // What the collab service sets while a room is open (and refreshes; it lapses if the room dies).
    await redis.set(liveRoomKey(id), 'test-replica', 'PX', 10_000);
    const save = { revision: 1, document: base.document };
    const live = await call(user, 'PUT', `/v1/projects/${id}/document`, save);
    expect(live.status).toBe(409);
    expect(live.body.error).toMatchObject({ code: 'conflict', details: { reason: 'document_live' } });
    const restore = await call(user, 'POST', `/v1/projects/${id}/document/versions/1/restore`, {
      revision: 1,
    });
    expect(restore.status).toBe(409);
    expect((await call(user, 'GET', `/v1/projects/${id}/document`)).status).toBe(200);
    await redis.del(liveRoomKey(id));
    await redis.quit();
    expect((await call(user, 'PUT', `/v1/projects/${id}/document`, save)).status).toBe(200);
  });

  it('answers 404 for every one of another user’s resources', async () => {
    const owner = await newUser(p);
    const stranger = await newUser(p);
    const wb = await workbench(owner);
    const { id } = await project(owner, wb);
    for (const [method, path, body] of [
      ['GET', `/v1/workbenches/${wb}`],
      ['PATCH', `/v1/workbenches/${wb}`, { name: 'mine now' }],
      ['POST', `/v1/workbenches/${wb}/archive`],
      ['DELETE', `/v1/workbenches/${wb}`],
      ['GET', `/v1/workbenches/${wb}/projects`],
      ['POST', `/v1/workbenches/${wb}/projects`, { name: 'x', format: 'x_post' }],
      ['GET', `/v1/projects/${id}`],
      ['PATCH', `/v1/projects/${id}`, { name: 'mine now' }],
      ['DELETE', `/v1/projects/${id}`],
      ['GET', `/v1/projects/${id}/document`],
      [
        'PUT',
        `/v1/projects/${id}/document`,
        {
          revision: 1,
          document: { version: 1, width: 100, height: 100, background: { color: '#000000' }, layers: [] },
        },
      ],
      ['GET', `/v1/projects/${id}/document/versions`],
      ['POST', `/v1/projects/${id}/document/versions/1/restore`, { revision: 1 }],
    ] as const) {
      const res = await call(stranger, method, path, body);
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }
    expect((await call(stranger, 'GET', '/v1/workbenches')).body.items).toEqual([]);
    expect((await call(owner, 'GET', `/v1/projects/${id}`)).status).toBe(200);
  });

  it('lets a team Viewer read but not write, and an Editor work', async () => {
    const viewer = await newUser(p);
    const { owner, teamId } = await teamWith(viewer, 'viewer');
    const wb = await workbench(owner, { teamId });
    const { id } = await project(owner, wb);
    expect((await call(viewer, 'GET', `/v1/workbenches/${wb}`)).status).toBe(200);
    expect((await call(viewer, 'GET', `/v1/projects/${id}/document`)).status).toBe(200);
    expect((await call(viewer, 'GET', '/v1/workbenches')).body.items).toHaveLength(1);
    for (const [method, path, body] of [
      ['PATCH', `/v1/projects/${id}`, { name: 'x' }],
      ['POST', `/v1/workbenches/${wb}/projects`, { name: 'x', format: 'x_post' }],
      [
        'PUT',
        `/v1/projects/${id}/document`,
        {
          revision: 1,
          document: { version: 1, width: 100, height: 100, background: { color: '#000000' }, layers: [] },
        },
      ],
      ['POST', '/v1/workbenches', { name: 'x', teamId }],
    ] as const) {
      const res = await call(viewer, method, path, body);
      expect([path, res.status, res.body.error?.code]).toEqual([path, 403, 'forbidden']);
    }
    const editor = await newUser(p);
    const joined = await teamWith(editor, 'editor');
    const teamWb = await workbench(joined.owner, { teamId: joined.teamId });
    expect(
      (await call(editor, 'POST', `/v1/workbenches/${teamWb}/projects`, { name: 'ok', format: 'tiktok' }))
        .status,
    ).toBe(201);
    expect((await call(editor, 'DELETE', `/v1/workbenches/${teamWb}`)).status).toBe(403);
  });

  it('accepts a brand kit the caller may use, and 404s anyone else’s', async () => {
    const user = await newUser(p);
    const other = await newUser(p);
    await p.db.db.insert(subscriptions).values({
      ownerUserId: user.userId,
      plan: 'pro',
      status: 'active',
      provider: 'manual',
      currentPeriodStart: new Date(),
      currentPeriodEnd: new Date(Date.now() + 30 * 86_400_000),
    });
    const { brandKits } = await import('@atelier/shared/db/schema');
    const [mine] = await p.db.db
      .insert(brandKits)
      .values({ ownerUserId: user.userId, name: 'Mine' })
      .returning();
    const [theirs] = await p.db.db
      .insert(brandKits)
      .values({ ownerUserId: other.userId, name: 'Theirs' })
      .returning();
    const wb = await workbench(user);
    expect(((await project(user, wb, { brandKitId: mine!.id })) as { brandKitId?: string }).brandKitId).toBe(
      mine!.id,
    );
    const res = await call(user, 'POST', `/v1/workbenches/${wb}/projects`, {
      name: 'x',
      format: 'x_post',
      brandKitId: theirs!.id,
    });
    expect(res.status).toBe(404);
  });
});
