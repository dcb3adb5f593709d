import { randomUUID } from 'node:crypto';
import { assets, outbox } from '@atelier/shared/db/schema';
import type { Storage } from '@atelier/shared/storage';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { image, newProject, newTeam, putFile, testStorage } from '../../../runner/src/test-support/creative';
import type { TestPlatform } from '../../../runner/src/test-support/platform';
import {
  newUser,
  request,
  startIdentityPlatform,
  type TestUser,
} from '../../../runner/src/test-support/users';

const MAX = 25 * 1024 * 1024;

describe('assets through the gateway', () => {
  let p: TestPlatform;
  let storage: Storage;
  beforeAll(async () => {
    p = await startIdentityPlatform();
    storage = testStorage(p);
  });
  afterAll(() => p?.stop());
  const call = (user: TestUser | undefined, method: string, path: string, body?: unknown) =>
    request(p, user, method, path, body);

  /** Link, PUT, complete: answers each step. */
  async function upload(
    user: TestUser,
    projectId: string,
    bytes: Uint8Array,
    opts: { name?: string; contentType?: string; size?: number; assetId?: string } = {},
  ) {
    const contentType = opts.contentType ?? 'image/png';
    const size = opts.size ?? bytes.length;
    const link = opts.assetId
      ? await call(user, 'POST', `/v1/assets/${opts.assetId}/versions/uploads`, { contentType, size })
      : await call(user, 'POST', '/v1/assets/uploads', {
          projectId,
          name: opts.name ?? 'photo.png',
          contentType,
          size,
        });
    if (link.status !== 201) return { link, put: 0, done: link, key: '' };
    const put = await putFile(link.body, bytes);
    const done = await call(user, 'POST', `/v1/assets/uploads/${link.body.uploadId}/complete`);
    return { link, put, done };
  }
  /** The user's uploaded files; thumbnails appear next to them whenever the worker gets there. */
  const keysOf = async (user: TestUser) =>
    (await storage.list(`users/${user.userId}/creative/`)).filter((k) => !k.endsWith('.thumb.webp'));

  it('uploads through a presigned PUT, records version 1 and emits version_created', async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const png = await image('png');
    const link = await call(user, 'POST', '/v1/assets/uploads', {
      projectId,
      name: 'hero.png',
      contentType: 'image/png',
      size: png.length,
    });
    expect(link.status).toBe(201);
    expect(link.body).toMatchObject({
      method: 'PUT',
      headers: { 'content-type': 'image/png' },
      maxBytes: png.length,
    });
    const url = new URL(link.body.url as string);
    // Type and exact size are signed: S3 and MinIO refuse any other.
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
    expect(url.pathname).toContain(`/users/${user.userId}/creative/projects/${projectId}/`);
    expect(await putFile(link.body, png)).toBe(200);
    const done = await call(user, 'POST', `/v1/assets/uploads/${link.body.uploadId}/complete`);
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({
      projectId,
      kind: 'upload',
      name: 'hero.png',
      currentVersion: 1,
      current: { version: 1, contentType: 'image/png', size: png.length, source: 'upload' },
    });
    const id = done.body.id as string;
    // Completing twice finds no pending upload.
    expect((await call(user, 'POST', `/v1/assets/uploads/${link.body.uploadId}/complete`)).status).toBe(404);

    const list = await call(user, 'GET', `/v1/assets?projectId=${projectId}`);
    expect((list.body.items as Array<{ id: string }>).map((a) => a.id)).toEqual([id]);
    expect((await call(user, 'GET', `/v1/assets?projectId=${projectId}&q=her`)).body.items).toHaveLength(1);
    expect((await call(user, 'GET', `/v1/assets?projectId=${projectId}&q=zzz`)).body.items).toHaveLength(0);
    expect((await call(user, 'GET', `/v1/assets/${id}`)).body.name).toBe('hero.png');

    const dl = await call(user, 'GET', `/v1/assets/${id}/download`);
    expect(dl.body.version).toBe(1);
    const file = await fetch(dl.body.url as string);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toContain('hero.png');
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true);

    const events = await p.db.db
      .select()
      .from(outbox)
      .where(eq(outbox.type, 'dev.atelier.creative.asset.version_created.v1'));
    expect(events.map((e) => e.data)).toContainEqual(
      expect.objectContaining({ assetId: id, projectId, version: 1, ownerUserId: user.userId, teamId: null }),
    );
  });

  it('adds versions, lists the history newest first and restores an old one as a new version', async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const first = await image('png', 300, 200);
    const id = (await upload(user, projectId, first)).done.body.id as string;
    const jpeg = await image('jpeg', 500, 500);
    const second = await upload(user, projectId, jpeg, { assetId: id, contentType: 'image/jpeg' });
    expect(second.done.status).toBe(201);
    expect(second.done.body).toMatchObject({ id, currentVersion: 2, current: { contentType: 'image/jpeg' } });

    const restored = await call(user, 'POST', `/v1/assets/${id}/versions/1/restore`);
    expect(restored.status).toBe(201);
    expect(restored.body).toMatchObject({
      currentVersion: 3,
      current: { version: 3, source: 'restore', contentType: 'image/png' },
    });
    const history = await call(user, 'GET', `/v1/assets/${id}/versions?limit=2`);
    expect((history.body.items as Array<{ version: number }>).map((v) => v.version)).toEqual([3, 2]);
    const rest = await call(
      user,
      'GET',
      `/v1/assets/${id}/versions?limit=2&cursor=${history.body.nextCursor}`,
    );
    expect((rest.body.items as Array<{ version: number }>).map((v) => v.version)).toEqual([1]);
    expect(rest.body.nextCursor).toBeNull();
    const current = await fetch((await call(user, 'GET', `/v1/assets/${id}/download`)).body.url as string);
    expect(Buffer.from(await current.arrayBuffer()).equals(first)).toBe(true);
    const v2 = await fetch(
      (await call(user, 'GET', `/v1/assets/${id}/download?version=2`)).body.url as string,
    );
    expect(v2.headers.get('content-type')).toBe('image/jpeg');
    // Downloaded under the asset's name with the extension of what that version really is.
    expect(v2.headers.get('content-disposition')).toMatch(/\.jpg"?$/);
    expect((await call(user, 'POST', `/v1/assets/${id}/versions/9/restore`)).status).toBe(404);
    // Each version has its own file.
    expect(await keysOf(user)).toHaveLength(3);
  });

  it('renames, and soft-deletes (gone from every route, the row kept for the sweep)', async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const id = (await upload(user, projectId, await image())).done.body.id as string;
    expect((await call(user, 'PATCH', `/v1/assets/${id}`, { name: 'renamed.png' })).body.name).toBe(
      'renamed.png',
    );
    expect((await call(user, 'DELETE', `/v1/assets/${id}`)).status).toBe(204);
    expect((await call(user, 'GET', `/v1/assets/${id}`)).status).toBe(404);
    expect((await call(user, 'DELETE', `/v1/assets/${id}`)).status).toBe(404);
    expect((await call(user, 'GET', `/v1/assets?projectId=${projectId}`)).body.items).toEqual([]);
    const [row] = await p.db.db.select().from(assets).where(eq(assets.id, id));
    expect(row!.deletedAt).toBeInstanceOf(Date);
    expect(await keysOf(user)).toHaveLength(1);
  });

  it.each([
    ['text', new TextEncoder().encode('just some text, not a picture at all'), 'image/png'],
    [
      'a PDF named .png',
      new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'),
      'image/png',
    ],
  ])(
    'refuses %s declared as an image (415 unsupported_media_type) and removes it',
    async (_, bytes, type) => {
      const user = await newUser(p);
      const { projectId } = await newProject(p, { userId: user.userId });
      const { put, done } = await upload(user, projectId, bytes, { contentType: type });
      expect(put).toBe(200);
      expect([done.status, done.body.error?.code]).toEqual([415, 'unsupported_media_type']);
      expect(await keysOf(user)).toEqual([]);
      expect((await call(user, 'GET', `/v1/assets?projectId=${projectId}`)).body.items).toEqual([]);
    },
  );

  it('refuses a JPEG sent to a link signed for a PNG (the store or the completion refuses it)', async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const jpeg = await image('jpeg');
    const link = await call(user, 'POST', '/v1/assets/uploads', {
      projectId,
      name: 'photo.png',
      contentType: 'image/png',
      size: jpeg.length,
    });
    const put = await putFile(link.body, jpeg, { 'content-type': 'image/jpeg' });
    if (put === 200) {
      const done = await call(user, 'POST', `/v1/assets/uploads/${link.body.uploadId}/complete`);
      expect([done.status, done.body.error?.code]).toEqual([415, 'unsupported_media_type']);
      expect(done.body.error?.details).toEqual([
        { path: 'contentType', message: "the file's bytes are image/jpeg" },
      ]);
    } else expect(put).toBe(403);
    expect(await keysOf(user)).toEqual([]);
  });

  it('refuses more than 25 MB: at the link, and by what arrived at completion', async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const asked = await call(user, 'POST', '/v1/assets/uploads', {
      projectId,
      name: 'big.png',
      contentType: 'image/png',
      size: MAX + 1,
    });
    expect([asked.status, asked.body.error?.details?.map((d) => d.path)]).toEqual([400, ['size']]);
    // A link for 1,000 bytes, then a bigger body: S3 refuses it (signed Content-Length); the embedded
    // store checks no signature, so completion must.
    const png = await image('png');
    const { put, done } = await upload(user, projectId, png, { size: 1000 });
    if (put === 200) expect([done.status, done.body.error?.code]).toEqual([413, 'payload_too_large']);
    else expect(put).toBe(403);
    expect(await keysOf(user)).toEqual([]);
  });

  it('holds 1,000 live assets per project: the 1,001st is 409 limit_reached, at the link and at completion', async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const rows = Array.from({ length: 999 }, (_, i) => ({
      projectId,
      kind: 'upload' as const,
      name: `a${i}`,
    }));
    await p.db.db.insert(assets).values(rows);
    const png = await image();
    const link = await call(user, 'POST', '/v1/assets/uploads', {
      projectId,
      name: 'last.png',
      contentType: 'image/png',
      size: png.length,
    });
    expect(link.status).toBe(201);
    await putFile(link.body, png);
    await p.db.db.insert(assets).values({ projectId, kind: 'upload', name: 'the 1,000th' });
    const late = await call(user, 'POST', `/v1/assets/uploads/${link.body.uploadId}/complete`);
    expect([late.status, late.body.error?.code, late.body.error?.details]).toEqual([
      409,
      'limit_reached',
      { limit: 1000, resource: 'asset' },
    ]);
    expect(await keysOf(user)).toEqual([]);
    const refused = await upload(user, projectId, png);
    expect([refused.link.status, refused.link.body.error?.code]).toEqual([409, 'limit_reached']);
    // A deleted asset frees its place.
    await p.db.db.update(assets).set({ deletedAt: new Date() }).where(eq(assets.name, 'the 1,000th'));
    expect((await upload(user, projectId, png)).done.status).toBe(201);
  });

  it('answers 404 to another user on every id', async () => {
    const owner = await newUser(p);
    const other = await newUser(p);
    const { projectId } = await newProject(p, { userId: owner.userId });
    const png = await image();
    const id = (await upload(owner, projectId, png)).done.body.id as string;
    const pending = await call(owner, 'POST', '/v1/assets/uploads', {
      projectId,
      name: 'x.png',
      contentType: 'image/png',
      size: png.length,
    });
    await putFile(pending.body, png);
    for (const [method, path, body] of [
      ['GET', `/v1/assets?projectId=${projectId}`],
      ['POST', '/v1/assets/uploads', { projectId, name: 'x.png', contentType: 'image/png', size: 10 }],
      ['POST', `/v1/assets/uploads/${pending.body.uploadId}/complete`],
      ['GET', `/v1/assets/${id}`],
      ['PATCH', `/v1/assets/${id}`, { name: 'mine now' }],
      ['DELETE', `/v1/assets/${id}`],
      ['GET', `/v1/assets/${id}/download`],
      ['GET', `/v1/assets/${id}/versions`],
      ['POST', `/v1/assets/${id}/versions/uploads`, { contentType: 'image/png', size: 10 }],
      ['POST', `/v1/assets/${id}/versions/1/restore`],
      ['GET', `/v1/assets/${randomUUID()}`],
    ] as Array<[string, string, unknown?]>) {
      const res = await call(other, method, path, body);
      expect([res.status, res.body.error?.code], `${method} ${path}`).toEqual([404, 'not_found']);
    }
    // The owner's pending upload is untouched and still completes.
    expect((await call(owner, 'POST', `/v1/assets/uploads/${pending.body.uploadId}/complete`)).status).toBe(
      201,
    );
  });

  it('lets a team Viewer read but not write, and an Editor upload', async () => {
    const { owner, teamId, members } = await newTeam(p, ['viewer', 'editor']);
    const { projectId } = await newProject(p, { teamId });
    const png = await image();
    const created = await upload(members.editor!, projectId, png);
    expect(created.done.status).toBe(201);
    const id = created.done.body.id as string;
    expect(created.link.body.url).toContain(`/teams/${teamId}/creative/projects/`);
    const viewer = members.viewer!;
    expect((await call(viewer, 'GET', `/v1/assets?projectId=${projectId}`)).body.items).toHaveLength(1);
    expect((await call(viewer, 'GET', `/v1/assets/${id}`)).status).toBe(200);
    expect((await call(viewer, 'GET', `/v1/assets/${id}/download`)).status).toBe(200);
    expect((await call(viewer, 'GET', `/v1/assets/${id}/versions`)).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/v1/assets/uploads', { projectId, name: 'x.png', contentType: 'image/png', size: 10 }],
      ['PATCH', `/v1/assets/${id}`, { name: 'nope' }],
      ['DELETE', `/v1/assets/${id}`],
      ['POST', `/v1/assets/${id}/versions/uploads`, { contentType: 'image/png', size: 10 }],
      ['POST', `/v1/assets/${id}/versions/1/restore`],
    ] as Array<[string, string, unknown?]>) {
      const res = await call(viewer, method, path, body);
      expect([res.status, res.body.error?.code], `${method} ${path}`).toEqual([403, 'forbidden']);
    }
    expect((await call(owner, 'DELETE', `/v1/assets/${id}`)).status).toBe(204);
  });

  it.each([
    [
      'POST',
      '/v1/assets/uploads',
      { projectId: 'nope', name: 'a.png', contentType: 'image/png', size: 1 },
      ['projectId'],
    ],
    [
      'POST',
      '/v1/assets/uploads',
      { projectId: randomUUID(), name: 'a.svg', contentType: 'image/svg+xml', size: 1 },
      ['contentType'],
    ],
    [
      'POST',
      '/v1/assets/uploads',
      { projectId: randomUUID(), name: '', contentType: 'image/png', size: 1 },
      ['name'],
    ],
    [
      'POST',
      '/v1/assets/uploads',
      { projectId: randomUUID(), name: 'a/b.png', contentType: 'image/png', size: 1 },
      ['name'],
    ],
    [
      'POST',
      '/v1/assets/uploads',
      { projectId: randomUUID(), name: 'a.png', contentType: 'image/png', size: 0 },
      ['size'],
    ],
    ['POST', '/v1/assets/uploads/not-a-uuid/complete', undefined, ['uploadId']],
    ['GET', '/v1/assets', undefined, ['projectId']],
    ['GET', `/v1/assets?projectId=${randomUUID()}&cursor=garbage`, undefined, ['cursor']],
    ['POST', `/v1/assets/${randomUUID()}/versions/0/restore`, undefined, ['version']],
  ])('%s %s with bad input answers 400 naming the fields', async (method, path, body, fields) => {
    const user = await newUser(p);
    const res = await call(user, method, path, body);
    expect([res.status, res.body.error?.code]).toEqual([400, 'validation_failed']);
    expect(res.body.error?.details?.map((d) => d.path)).toEqual(fields);
  });

  it('needs a token', async () => {
    expect((await call(undefined, 'GET', `/v1/assets?projectId=${randomUUID()}`)).status).toBe(401);
    expect((await call(undefined, 'POST', '/v1/assets/uploads', {})).status).toBe(401);
  });
});
