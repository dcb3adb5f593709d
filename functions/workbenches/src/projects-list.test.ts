import { apiKeys, projects } from '@atelier/shared/db/schema';
import { newApiKey } from '@atelier/shared/developer/api-keys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newProject, newTeam } from '../../../runner/src/test-support/creative';
import type { TestPlatform } from '../../../runner/src/test-support/platform';
import {
  newUser,
  request,
  startIdentityPlatform,
  type TestUser,
} from '../../../runner/src/test-support/users';

type ProjectView = { id: string; workbenchId: string; name: string; archived: boolean; createdAt: string };

/** GET /v1/projects: every project a caller can see, across their own and their teams' workbenches. */
describe('GET /v1/projects', () => {
  let p: TestPlatform;
  let me: TestUser;
  let stranger: TestUser;
  let ownA: string;
  let ownB: string;
  let teamWb: string;
  let foreignWb: string;
  const mine = new Set<string>();
  const foreign = new Set<string>();

  beforeAll(async () => {
    p = await startIdentityPlatform();
    stranger = await newUser(p);
    // The caller is a Viewer in a team, with workbenches of their own too.
    const team = await newTeam(p, ['viewer']);
    me = team.members.viewer!;

    const create = async (user: TestUser, wb: string, name: string) => {
      const res = await request(p, user, 'POST', `/v1/workbenches/${wb}/projects`, {
        name,
        format: 'instagram_post',
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    ownA = (await request(p, me, 'POST', '/v1/workbenches', { name: 'A' })).body.id as string;
    ownB = (await request(p, me, 'POST', '/v1/workbenches', { name: 'B' })).body.id as string;
    for (let i = 0; i < 6; i++) mine.add(await create(me, ownA, `Alpha ${i}`));
    for (let i = 0; i < 5; i++) mine.add(await create(me, ownB, `Beta ${i}`));
    // The team's workbench, with projects made by its owner: a Viewer sees them.
    const teamProject = await newProject(p, { teamId: team.teamId });
    teamWb = teamProject.workbenchId;
    mine.add(teamProject.projectId);
    for (let i = 0; i < 3; i++) mine.add(await create(team.owner, teamWb, `Team ${i}`));
    // Projects made in the same millisecond: the id breaks the tie across pages.
    const at = new Date();
    const same = await p.db.db
      .insert(projects)
      .values(
        Array.from({ length: 5 }, (_, i) => ({
          workbenchId: ownB,
          name: `Twin ${i}`,
          format: 'instagram_post',
          width: 1080,
          height: 1080,
          createdAt: at,
        })),
      )
      .returning({ id: projects.id });
    for (const r of same) mine.add(r.id);
    const other = await newProject(p, { userId: stranger.userId });
    foreignWb = other.workbenchId;
    foreign.add(other.projectId);
    foreign.add(await create(stranger, foreignWb, 'Not yours'));
  }, 180_000);
  afterAll(() => p?.stop());

  async function all(user: { accessToken: string }, query: string, limit: number) {
    const seen: ProjectView[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await request(
        p,
        user,
        'GET',
        `/v1/projects?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.status).toBe(200);
      const items = res.body.items as ProjectView[];
      expect(items.length).toBeLessThanOrEqual(limit);
      seen.push(...items);
      cursor = res.body.nextCursor as string | null;
      pages++;
    } while (cursor && pages < 50);
    return seen;
  }

  it('pages through every project the caller can see, newest first, without gaps or repeats', async () => {
    const listed = await all(me, '', 4);
    const ids = listed.map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(mine);
    for (const id of foreign) expect(ids).not.toContain(id);
    const times = listed.map((x) => Date.parse(x.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // Team projects are there for a Viewer.
    expect(listed.filter((x) => x.workbenchId === teamWb)).toHaveLength(4);
  });

  it('answers the same shape as GET /v1/projects/:id', async () => {
    const [first] = (await request(p, me, 'GET', '/v1/projects?limit=1')).body.items as ProjectView[];
    const one = await request(p, me, 'GET', `/v1/projects/${first!.id}`);
    expect(first).toEqual(one.body);
  });

  it('filters by workbench (404 for one the caller cannot see), name and archived state', async () => {
    const inA = await all(me, `&workbenchId=${ownA}`, 4);
    expect(inA).toHaveLength(6);
    expect(inA.every((x) => x.workbenchId === ownA)).toBe(true);
    const foreignRes = await request(p, me, 'GET', `/v1/projects?workbenchId=${foreignWb}`);
    expect(foreignRes.status).toBe(404);

    expect((await all(me, '&q=twin', 10)).map((x) => x.name).sort()).toEqual([
      'Twin 0',
      'Twin 1',
      'Twin 2',
      'Twin 3',
      'Twin 4',
    ]);
    // `%` is a character, not a wildcard.
    expect(await all(me, '&q=%25', 10)).toHaveLength(0);

    const target = inA[0]!;
    expect((await request(p, me, 'POST', `/v1/projects/${target.id}/archive`)).status).toBe(200);
    const active = await all(me, '', 100);
    expect(active.map((x) => x.id)).not.toContain(target.id);
    const archived = await all(me, '&archived=true', 100);
    expect(archived.map((x) => x.id)).toEqual([target.id]);
    expect(archived[0]!.archived).toBe(true);
    expect((await request(p, me, 'POST', `/v1/projects/${target.id}/restore`)).status).toBe(200);
  });

  it('refuses a bad cursor, limit or filter with 400', async () => {
    for (const query of [
      'cursor=not-a-cursor',
      `cursor=${Buffer.from('["yesterday","x"]').toString('base64url')}`,
      'limit=0',
      'limit=101',
      'archived=maybe',
      'workbenchId=nope',
      'colour=red',
    ]) {
      const res = await request(p, me, 'GET', `/v1/projects?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error?.code).toBe('validation_failed');
    }
    expect((await request(p, undefined, 'GET', '/v1/projects')).status).toBe(401);
  });

  it('lists for an API key with projects:read, as its owner sees them', async () => {
    const made = newApiKey();
    await p.db.db.insert(apiKeys).values({
      publicId: made.publicId,
      secretHash: made.secretHash,
      userId: stranger.userId,
      name: 'reader',
      scopes: ['projects:read'],
    });
    const listed = await all({ accessToken: made.secret }, '', 10);
    expect(new Set(listed.map((x) => x.id))).toEqual(foreign);
  });
});
