import { randomUUID } from 'node:crypto';
import { assets, assetVersions, brandKits, outbox, uploads, workbenches } from '@atelier/shared/db/schema';
import type { Storage } from '@atelier/shared/storage';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  image,
  newProject,
  newTeam,
  putFile,
  subscribe,
  testStorage,
} from '../../../runner/src/test-support/creative';
import { eventually, type TestPlatform } from '../../../runner/src/test-support/platform';
import {
  newUser,
  request,
  startIdentityPlatform,
  TEST_PASSWORD,
  type TestUser,
} from '../../../runner/src/test-support/users';

const DAY = 86_400_000;
/** The uploaded files, not the thumbnails the worker adds next to them (whenever it gets to them). */
const originals = (keys: string[]) => keys.filter((k) => !k.endsWith('.thumb.webp'));
const ago = (ms: number) => new Date(Date.now() - ms);

describe('creative-sweeper', () => {
  let p: TestPlatform;
  let storage: Storage;
  beforeAll(async () => {
    p = await startIdentityPlatform();
    storage = testStorage(p);
  });
  afterAll(() => p?.stop());

  async function uploaded(user: TestUser, projectId: string) {
    const png = await image();
    const link = await request(p, user, 'POST', '/v1/assets/uploads', {
      projectId,
      name: 'a.png',
      contentType: 'image/png',
      size: png.length,
    });
    await putFile(link.body, png);
    const done = await request(p, user, 'POST', `/v1/assets/uploads/${link.body.uploadId}/complete`);
    return done.body.id as string;
  }

  /** An asset inserted as a retention rule sees it: one version per source, with a file in storage. */
  async function backdated(projectId: string, kind: 'upload' | 'generated', sources: string[], age: number) {
    const [asset] = await p.db.db.insert(assets).values({ projectId, kind, name: 'old' }).returning();
    let version = 0;
    for (const source of sources) {
      const storageKey = `users/${randomUUID()}/creative/files/${randomUUID()}`;
      await storage.put(storageKey, 'x'.repeat(100), 'image/png');
      await p.db.db.insert(assetVersions).values({
        assetId: asset!.id,
        version: ++version,
        storageKey,
        contentType: 'image/png',
        size: 100,
        source: source as 'upload',
        generationId: source === 'generation' ? randomUUID() : null,
        createdAt: ago(age),
      });
    }
    return asset!.id;
  }
  const exists = async (ids: string[]) =>
    (await p.db.db.select({ id: assets.id }).from(assets).where(inArray(assets.id, ids))).map((r) => r.id);

  it('sweeps what each retention rule expires, and nothing else, and reports it', async () => {
    const free = await newUser(p);
    const pro = await newUser(p);
    await subscribe(p, { userId: pro.userId }, 'pro');
    const freeProject = (await newProject(p, { userId: free.userId })).projectId;
    const proProject = (await newProject(p, { userId: pro.userId })).projectId;

    // An upload handed out, sent, never completed, its link long expired.
    const png = await image();
    const link = await request(p, free, 'POST', '/v1/assets/uploads', {
      projectId: freeProject,
      name: 'never.png',
      contentType: 'image/png',
      size: png.length,
    });
    expect(await putFile(link.body, png)).toBe(200);
    const pendingKey = (await storage.list(`users/${free.userId}/creative/`))[0]!;
    await p.db.db
      .update(uploads)
      .set({ expiresAt: ago(2 * 3_600_000) })
      .where(eq(uploads.id, link.body.uploadId as string));
    // A fresh pending upload stays.
    const fresh = await request(p, free, 'POST', '/v1/assets/uploads', {
      projectId: freeProject,
      name: 'fresh.png',
      contentType: 'image/png',
      size: png.length,
    });

    const deletedLongAgo = await uploaded(free, freeProject);
    const deletedYesterday = await uploaded(free, freeProject);
    for (const id of [deletedLongAgo, deletedYesterday]) await request(p, free, 'DELETE', `/v1/assets/${id}`);
    await p.db.db
      .update(assets)
      .set({ deletedAt: ago(8 * DAY) })
      .where(eq(assets.id, deletedLongAgo));
    const deletedFiles = (
      await p.db.db.select().from(assetVersions).where(eq(assetVersions.assetId, deletedLongAgo))
    ).map((v) => v.storageKey);

    // Generated assets are finals someone selected (samples live with their generation): kept like uploads.
    const oldFinal = await backdated(proProject, 'generated', ['generation', 'generation'], 31 * DAY);
    const keptSample = await backdated(proProject, 'generated', ['generation', 'edit'], 31 * DAY);
    const youngSample = await backdated(proProject, 'generated', ['generation'], 29 * DAY);
    const oldFreeFile = await backdated(freeProject, 'upload', ['upload'], 366 * DAY);
    const oldProFile = await backdated(proProject, 'upload', ['upload'], 366 * DAY);

    expect(await p.runner.cron.fire('creative-sweeper')).toBe(202);

    expect(await exists([oldFreeFile, deletedLongAgo])).toEqual([]);
    expect((await exists([oldFinal, keptSample, youngSample, oldProFile, deletedYesterday])).sort()).toEqual(
      [oldFinal, keptSample, youngSample, oldProFile, deletedYesterday].sort(),
    );
    for (const key of [pendingKey, ...deletedFiles]) expect(await storage.head(key), key).toBeUndefined();
    const left = await p.db.db
      .select({ id: uploads.id })
      .from(uploads)
      .where(and(eq(uploads.userId, free.userId), isNull(uploads.completedAt)));
    expect(left.map((u) => u.id)).toEqual([fresh.body.uploadId]);

    const [swept] = await p.db.db
      .select()
      .from(outbox)
      .where(eq(outbox.type, 'dev.atelier.creative.retention.swept.v1'));
    expect(swept!.data).toMatchObject({
      freeExpiredFiles: { count: 1, bytes: 100 },
      deletedAssets: { count: 1, bytes: png.length },
      expiredUploads: { count: 1, bytes: png.length },
      total: { count: 3 },
    });
    // A second sweep finds nothing more.
    expect(await p.runner.cron.fire('creative-sweeper')).toBe(202);
    expect(await exists([oldFinal, keptSample, youngSample, oldProFile, deletedYesterday])).toHaveLength(5);
  });

  it("erases a deleted user's creative data and files, keeping their team's work without their name", async () => {
    const user = await newUser(p);
    await subscribe(p, { userId: user.userId }, 'pro');
    const { workbenchId, projectId } = await newProject(p, { userId: user.userId });
    await uploaded(user, projectId);
    const kit = await request(p, user, 'POST', '/v1/brand-kits', { name: 'Mine' });
    expect(kit.status).toBe(201);

    const { teamId, members, owner } = await newTeam(p, ['editor']);
    void owner;
    const editor = members.editor!;
    const teamProject = (await newProject(p, { teamId })).projectId;
    const teamAsset = await uploaded(editor, teamProject);
    // A team upload the editor started and never completed: only they could have completed it.
    const png = await image();
    const pending = await request(p, editor, 'POST', '/v1/assets/uploads', {
      projectId: teamProject,
      name: 'p.png',
      contentType: 'image/png',
      size: png.length,
    });
    await putFile(pending.body, png);
    expect(originals(await storage.list(`teams/${teamId}/creative/`))).toHaveLength(2);
    expect(originals(await storage.list(`users/${user.userId}/creative/`))).toHaveLength(1);

    for (const who of [user, editor])
      expect((await request(p, who, 'DELETE', '/v1/me', { password: TEST_PASSWORD })).status).toBe(204);
    await eventually(async () => {
      const wbs = await p.db.db.select().from(workbenches).where(eq(workbenches.id, workbenchId));
      const [asset] = await p.db.db.select().from(assets).where(eq(assets.id, teamAsset));
      return wbs.length === 0 && asset?.createdBy === null;
    }, 20_000);
    expect(await p.db.db.select().from(brandKits).where(eq(brandKits.ownerUserId, user.userId))).toEqual([]);
    expect(
      await p.db.db
        .select()
        .from(uploads)
        .where(inArray(uploads.userId, [user.userId, editor.userId])),
    ).toEqual([]);
    await eventually(async () => (await storage.list(`users/${user.userId}/`)).length === 0, 15_000);
    // The team keeps its asset's file; the never-completed upload is gone.
    expect(originals(await storage.list(`teams/${teamId}/creative/`))).toHaveLength(1);
    const [v] = await p.db.db.select().from(assetVersions).where(eq(assetVersions.assetId, teamAsset));
    expect(v!.createdBy).toBeNull();
  });

  it('removes a deleted project’s files, and only its own', async () => {
    const user = await newUser(p);
    const wb = (await request(p, user, 'POST', '/v1/workbenches', { name: 'W' })).body.id as string;
    const make = async () =>
      (await request(p, user, 'POST', `/v1/workbenches/${wb}/projects`, { name: 'P', format: 'x_post' })).body
        .id as string;
    const [doomed, kept] = [await make(), await make()];
    await uploaded(user, doomed);
    await uploaded(user, kept);
    const prefix = (id: string) => `users/${user.userId}/creative/projects/${id}/`;
    expect(originals(await storage.list(prefix(doomed)))).toHaveLength(1);
    expect((await request(p, user, 'DELETE', `/v1/projects/${doomed}`)).status).toBe(204);
    await eventually(async () => (await storage.list(prefix(doomed))).length === 0);
    expect(originals(await storage.list(prefix(kept)))).toHaveLength(1);
  });
});
