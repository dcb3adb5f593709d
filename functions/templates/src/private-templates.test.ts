import { templates } from '@atelier/shared/db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../../runner/src/test-support/platform';
import {
  newUser,
  request,
  startIdentityPlatform,
  type TestUser,
} from '../../../runner/src/test-support/users';
import { MAX_PRIVATE_TEMPLATES } from './deps';
import { addMember, newProject, sampleDocument, subscribe } from './test-fixtures';

describe('private templates through the gateway', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startIdentityPlatform();
  });
  afterAll(() => p?.stop());

  const call = (user: TestUser | undefined, method: string, path: string, body?: unknown) =>
    request(p, user, method, path, body);
  const save = (user: TestUser, body: Record<string, unknown>) =>
    call(user, 'POST', '/v1/templates', { name: 'Our launch', category: 'product_launch', ...body });
  const ids = async (user: TestUser, query: string) =>
    ((await call(user, 'GET', `/v1/templates?limit=100&${query}`)).body.items as Array<{ id: string }>).map(
      (t) => t.id,
    );

  it('refuses a Free user with 403 plan_required naming the plan', async () => {
    const free = await newUser(p);
    const projectId = await newProject(p, { userId: free.userId });
    const res = await save(free, { projectId });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      code: 'plan_required',
      details: { plan: 'free', requiredPlan: 'pro' },
    });
  });

  it('saves a Pro user’s project as a template only they can see, use and delete', async () => {
    const pro = await newUser(p);
    await subscribe(p, { userId: pro.userId }, 'pro');
    const projectId = await newProject(p, { userId: pro.userId });
    const res = await save(pro, { projectId, description: 'Launch look', tags: ['Launch', 'launch', 'q&a'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Our launch',
      scope: 'personal',
      format: 'instagram_post',
      tags: ['launch', 'q&a'],
      document: { version: 1, layers: [{ id: 'photo' }, { id: 'title', text: 'Our launch' }] },
    });
    const id = res.body.id as string;
    expect(res.body).not.toHaveProperty('ownerUserId');

    expect(await ids(pro, 'mine=true')).toEqual([id]);
    expect(await ids(pro, 'view=new')).toContain(id);
    expect(await ids(pro, 'category=product_launch&tag=q%26a')).toEqual([id]);
    expect((await call(pro, 'GET', `/v1/templates/${id}`)).status).toBe(200);

    const other = await newUser(p);
    expect((await call(other, 'GET', `/v1/templates/${id}`)).status).toBe(404);
    expect(await ids(other, 'view=new')).not.toContain(id);
    expect(await ids(other, 'mine=true')).toEqual([]);
    expect((await call(other, 'DELETE', `/v1/templates/${id}`)).status).toBe(404);

    expect((await call(pro, 'DELETE', `/v1/templates/${id}`)).status).toBe(204);
    expect((await call(pro, 'GET', `/v1/templates/${id}`)).status).toBe(404);
  });

  it('copies only projects the caller can view, with a valid document', async () => {
    const pro = await newUser(p);
    await subscribe(p, { userId: pro.userId }, 'pro');
    const stranger = await newUser(p);
    const theirs = await newProject(p, { userId: stranger.userId });
    expect((await save(pro, { projectId: theirs })).status).toBe(404);
    expect((await save(pro, { projectId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    const broken = await newProject(p, { userId: pro.userId }, { ...sampleDocument, version: 9 });
    expect((await save(pro, { projectId: broken })).body.error?.code).toBe('conflict');
  });

  it(`stops at ${MAX_PRIVATE_TEMPLATES} private templates with 409 limit_reached`, async () => {
    const pro = await newUser(p);
    await subscribe(p, { userId: pro.userId }, 'pro');
    const projectId = await newProject(p, { userId: pro.userId });
    const row = { ownerUserId: pro.userId, name: 'Old', category: 'sale', format: 'instagram_post' };
    await p.db.db.insert(templates).values(
      Array.from({ length: MAX_PRIVATE_TEMPLATES }, () => ({
        ...row,
        width: 1080,
        height: 1080,
        document: sampleDocument,
      })),
    );
    const res = await save(pro, { projectId });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'limit_reached',
      details: { limit: MAX_PRIVATE_TEMPLATES },
    });
  });

  it('keeps gallery templates out of reach of delete', async () => {
    const pro = await newUser(p);
    const [gallery] = await ids(pro, 'limit=1');
    expect((await call(pro, 'DELETE', `/v1/templates/${gallery}`)).status).toBe(403);
  });

  it('saves team templates for Editors of a team on a paid plan; Viewers see them, outsiders do not', async () => {
    const owner = await newUser(p);
    const teamId = (await call(owner, 'POST', '/v1/teams', { name: 'Studio' })).body.id as string;
    const projectId = await newProject(p, { teamId });
    expect((await save(owner, { projectId, teamId })).body.error?.code).toBe('plan_required');
    await subscribe(p, { teamId }, 'team');
    const created = await save(owner, { projectId, teamId });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ scope: 'team', teamId });
    const id = created.body.id as string;

    const viewer = await newUser(p);
    await addMember(p, teamId, viewer.userId, 'viewer');
    expect(await ids(viewer, `teamId=${teamId}`)).toEqual([id]);
    expect(await ids(viewer, 'mine=true')).toEqual([id]);
    expect((await call(viewer, 'GET', `/v1/templates/${id}`)).status).toBe(200);
    expect((await save(viewer, { projectId, teamId })).status).toBe(403);
    expect((await call(viewer, 'DELETE', `/v1/templates/${id}`)).status).toBe(403);

    const outsider = await newUser(p);
    await subscribe(p, { userId: outsider.userId }, 'pro');
    expect((await call(outsider, 'GET', `/v1/templates?teamId=${teamId}`)).status).toBe(404);
    expect((await call(outsider, 'GET', `/v1/templates/${id}`)).status).toBe(404);
    expect((await save(outsider, { projectId, teamId })).status).toBe(404);
    // A team's project is not the outsider's to copy into their own templates either.
    expect((await save(outsider, { projectId })).status).toBe(404);

    const editor = await newUser(p);
    await addMember(p, teamId, editor.userId, 'editor');
    expect((await call(editor, 'DELETE', `/v1/templates/${id}`)).status).toBe(204);
  });

  it('answers bad bodies with 400 and every field at fault', async () => {
    const user = await newUser(p);
    const paths = async (body: unknown) => {
      const res = await call(user, 'POST', '/v1/templates', body);
      expect(res.status).toBe(400);
      return res.body.error?.details?.map((d) => d.path);
    };
    expect(await paths({})).toEqual(['projectId', 'name', 'category']);
    expect(
      await paths({
        projectId: 'x',
        name: ' ',
        category: 'cars',
        tags: ['ok', '#bad'],
        teamId: 7,
        description: 'd'.repeat(501),
      }),
    ).toEqual(['projectId', 'name', 'description', 'category', 'tags.1', 'teamId']);
    expect(
      await paths({
        projectId: '00000000-0000-4000-8000-000000000000',
        name: 'n',
        category: 'sale',
        tags: Array(11).fill('a'),
      }),
    ).toEqual(['tags']);
    expect(
      await paths({
        name: 'n',
        category: 'sale',
        projectId: '00000000-0000-4000-8000-000000000000',
        owner: 'me',
      }),
    ).toEqual(['']);
    const invalidJson = await call(user, 'POST', '/v1/templates', '{');
    expect(invalidJson.body.error?.code).toBe('invalid_json');
    expect((await call(user, 'DELETE', '/v1/templates/nope')).status).toBe(400);
    expect((await call(undefined, 'POST', '/v1/templates', {})).status).toBe(401);
  });
});
