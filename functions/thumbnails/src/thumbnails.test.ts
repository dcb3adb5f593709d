import { assetVersions, outbox } from '@atelier/shared/db/schema';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { image, newProject, putFile } from '../../../runner/src/test-support/creative';
import { eventually, type TestPlatform } from '../../../runner/src/test-support/platform';
import { newUser, request, startIdentityPlatform } from '../../../runner/src/test-support/users';

describe('thumbnails', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startIdentityPlatform();
  });
  afterAll(() => p?.stop());

  it('makes a WebP inside 320 px for every new version, records the image size and emits thumbnail_ready', {
    timeout: 150_000,
  }, async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const jpeg = await image('jpeg', 1280, 800);
    const link = await request(p, user, 'POST', '/v1/assets/uploads', {
      projectId,
      name: 'wide.jpg',
      contentType: 'image/jpeg',
      size: jpeg.length,
    });
    await putFile(link.body, jpeg);
    const done = await request(p, user, 'POST', `/v1/assets/uploads/${link.body.uploadId}/complete`);
    expect(done.body.current).toMatchObject({ thumbnailUrl: null });
    const id = done.body.id as string;

    const current = await eventually(async () => {
      const res = await request(p, user, 'GET', `/v1/assets/${id}`);
      return (res.body.current as { thumbnailUrl: string | null }).thumbnailUrl
        ? res.body.current
        : undefined;
    }, 60_000);
    expect(current).toMatchObject({ width: 1280, height: 800 });
    const thumb = await fetch((current as { thumbnailUrl: string }).thumbnailUrl);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(new Uint8Array(await thumb.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 320, 200]);
    const ready = await p.db.db
      .select()
      .from(outbox)
      .where(eq(outbox.type, 'dev.atelier.creative.asset.thumbnail_ready.v1'));
    expect(ready.map((e) => e.data)).toContainEqual({ assetId: id, version: 1, width: 320, height: 200 });

    // A restored version is a new version: it gets its own thumbnail, small images are not enlarged.
    const small = await image('png', 100, 60);
    const next = await request(p, user, 'POST', `/v1/assets/${id}/versions/uploads`, {
      contentType: 'image/png',
      size: small.length,
    });
    await putFile(next.body, small);
    await request(p, user, 'POST', `/v1/assets/uploads/${next.body.uploadId}/complete`);
    await request(p, user, 'POST', `/v1/assets/${id}/versions/1/restore`);
    const versions = await eventually(async () => {
      const rows = await p.db.db.select().from(assetVersions).where(eq(assetVersions.assetId, id));
      return rows.length === 3 && rows.every((v) => v.thumbnailKey) && rows;
    }, 60_000);
    expect(versions.map((v) => [v.version, v.width, v.height]).sort()).toEqual([
      [1, 1280, 800],
      [2, 100, 60],
      [3, 1280, 800],
    ]);
    const v2 = versions.find((v) => v.version === 2)!;
    expect(v2.thumbnailKey).toBe(`${v2.storageKey}.thumb.webp`);
  });
});
