import { users } from '@atelier/shared/db/schema';
import { createStorage, type Storage } from '@atelier/shared/storage';
import { eq } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type TestPlatform } from '../../../runner/src/test-support/platform';
import {
  newUser,
  request,
  startIdentityPlatform,
  TEST_PASSWORD,
  type TestUser,
} from '../../../runner/src/test-support/users';

const MAX = 5 * 1024 * 1024;
type Format = 'png' | 'jpeg' | 'webp' | 'gif';

/** A real image of the given format, bigger than the thumbnail and not square (so the crop shows). */
const image = (format: Format, width = 640, height = 400) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 20 } } })
    .toFormat(format)
    .toBuffer();

describe('profile picture', () => {
  let p: TestPlatform;
  let storage: Storage;
  beforeAll(async () => {
    p = await startIdentityPlatform();
    storage = createStorage({
      S3_ENDPOINT: p.runner.s3Endpoint,
      S3_REGION: 'us-east-1',
      S3_BUCKET: p.env.S3_BUCKET!,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: true,
    });
  });
  afterAll(() => p?.stop());
  const call = (user: TestUser | undefined, method: string, path: string, body?: unknown) =>
    request(p, user, method, path, body);

  /** Asks for an upload link and sends `bytes` to it the way a browser would; answers the link's key. */
  async function upload(user: TestUser, bytes: Uint8Array, contentType = 'image/png', size = bytes.length) {
    const link = await call(user, 'POST', '/v1/me/picture/upload', { contentType, size });
    expect(link.status).toBe(200);
    const put = await fetch(link.body.url as string, {
      method: 'PUT',
      headers: link.body.headers as Record<string, string>,
      body: bytes,
    });
    return { key: link.body.key as string, put: put.status };
  }
  const complete = (user: TestUser, key: string) => call(user, 'POST', '/v1/me/picture/complete', { key });
  const thumbnails = async (user: TestUser) =>
    (await storage.list(`users/${user.userId}/picture/`)).filter((k) => k.endsWith('.webp'));

  it('uploads through a presigned PUT, makes a 256×256 WebP thumbnail and shows it on the profile', async () => {
    const user = await newUser(p);
    expect((await call(user, 'GET', '/v1/me')).body.pictureUrl).toBeNull();
    const png = await image('png');
    const link = await call(user, 'POST', '/v1/me/picture/upload', {
      contentType: 'image/png',
      size: png.length,
    });
    expect(link.body).toMatchObject({
      method: 'PUT',
      headers: { 'content-type': 'image/png' },
      maxBytes: MAX,
    });
    expect(link.body.key).toMatch(new RegExp(`^users/${user.userId}/picture/upload-[\\w-]{22}$`));
    const expiresIn = Date.parse(link.body.expiresAt as string) - Date.now();
    expect(expiresIn).toBeGreaterThan(9 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(10 * 60_000);
    // Type and size are in the signature (S3 and MinIO refuse any other), with no checksum of an empty body.
    const url = new URL(link.body.url as string);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
    expect([...url.searchParams.keys()].filter((k) => /checksum/i.test(k))).toEqual([]);

    // The web app's origin may send it (CORS preflight).
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin: p.url,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');

    const put = await fetch(url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: png });
    expect(put.status).toBe(200);
    const done = await complete(user, link.body.key as string);
    expect(done.status).toBe(200);
    expect(done.body.pictureUrl).toEqual(expect.any(String));
    expect(await storage.head(link.body.key as string)).toBeUndefined();

    const me = await call(user, 'GET', '/v1/me');
    const res = await fetch(me.body.pictureUrl as string);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(new Uint8Array(await res.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 256, 256]);
    const [row] = await p.db.db.select().from(users).where(eq(users.id, user.userId));
    expect(row!.pictureKey).toMatch(new RegExp(`^users/${user.userId}/picture/[\\w-]{22}\\.webp$`));
  });

  it.each(['jpeg', 'webp', 'gif'] as const)(
    'accepts %s, replacing and removing the previous picture',
    async (format) => {
      const user = await newUser(p);
      const first = await upload(user, await image('png'));
      expect((await complete(user, first.key)).status).toBe(200);
      const before = await thumbnails(user);
      const next = await upload(user, await image(format, 300, 900), `image/${format}`);
      expect(next.put).toBe(200);
      expect((await complete(user, next.key)).status).toBe(200);
      const after = await thumbnails(user);
      expect(after).toHaveLength(1);
      expect(after).not.toEqual(before);
      const meta = await sharp(await storage.read(after[0]!)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', 256, 256]);
    },
  );

  it.each([
    ['text', new TextEncoder().encode('just some text, not a picture at all')],
    ['a PDF', new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n')],
    ['a broken PNG', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6])],
  ])('refuses %s declared as image/png after the upload (415) and removes it', async (_, bytes) => {
    const user = await newUser(p);
    const { key, put } = await upload(user, bytes);
    expect(put).toBe(200);
    const res = await complete(user, key);
    expect(res.status).toBe(415);
    expect(res.body.error?.code).toBe('unsupported_media_type');
    expect(await storage.head(key)).toBeUndefined();
    expect((await call(user, 'GET', '/v1/me')).body.pictureUrl).toBeNull();
    // Completing it again finds nothing.
    expect((await complete(user, key)).body.error?.code).toBe('not_found');
  });

  it('refuses more than 5 MB: at the link by the declared size, and at completion by what arrived', async () => {
    const user = await newUser(p);
    const asked = await call(user, 'POST', '/v1/me/picture/upload', {
      contentType: 'image/png',
      size: MAX + 1,
    });
    expect(asked.status).toBe(400);
    expect(asked.body.error?.details?.map((d) => d.path)).toEqual(['size']);

    // A link for exactly 5 MB, then a bigger body: S3 and MinIO refuse it (signed Content-Length); the
    // embedded store checks no signature, so completion must catch it.
    const big = new Uint8Array(MAX + 1);
    big.set(await image('png'));
    const { key, put } = await upload(user, big, 'image/png', MAX);
    if (put === 200) {
      const res = await complete(user, key);
      expect(res.status).toBe(413);
      expect(res.body.error?.code).toBe('payload_too_large');
      expect(await storage.head(key)).toBeUndefined();
    } else expect(put).toBe(403);
    expect((await call(user, 'GET', '/v1/me')).body.pictureUrl).toBeNull();
  });

  it.each([
    ['a 49 MP PNG', 'png', 7000, 7000, 40],
    ['a 9 MP GIF', 'gif', 3000, 3000, 8],
  ] as const)('refuses %s (small file, huge image) with a 400 before decoding it', async (_, f, w, h, mp) => {
    const user = await newUser(p);
    const { key } = await upload(user, await image(f, w, h), `image/${f}`);
    const res = await complete(user, key);
    expect(res.status).toBe(400);
    expect(res.body.error?.details).toEqual([{ path: 'file', message: `must be at most ${mp} megapixels` }]);
    expect(await storage.head(key)).toBeUndefined();
  });

  it('answers 404 for another user’s upload, a key that is not an upload, or one never sent', async () => {
    const owner = await newUser(p);
    const other = await newUser(p);
    const { key } = await upload(owner, await image('png'));
    for (const k of [
      key,
      key.replace(owner.userId, other.userId),
      `users/${other.userId}/picture/../../${owner.userId}/picture/${key.split('/').at(-1)}`,
      `users/${other.userId}/picture/upload-${'A'.repeat(22)}`,
      `users/${other.userId}/exports/x.zip`,
    ]) {
      const res = await complete(other, k);
      expect(res.status, k).toBe(404);
      expect(res.body.error?.code).toBe('not_found');
    }
    // The owner's upload is untouched and still completes.
    expect((await complete(owner, key)).status).toBe(200);
    const thumb = (await thumbnails(owner))[0]!;
    expect((await complete(owner, thumb)).status).toBe(404);
    expect(await storage.head(thumb)).toBeDefined();
  });

  it.each([
    ['/v1/me/picture/upload', { contentType: 'image/svg+xml', size: 10 }, ['contentType']],
    ['/v1/me/picture/upload', { contentType: 'application/pdf', size: 10 }, ['contentType']],
    ['/v1/me/picture/upload', { contentType: 'image/png', size: 0 }, ['size']],
    ['/v1/me/picture/upload', { contentType: 'image/png', size: 1.5 }, ['size']],
    ['/v1/me/picture/upload', { contentType: 'image/png', size: '100' }, ['size']],
    ['/v1/me/picture/upload', { contentType: 'image/png', size: 10, key: 'users/x' }, ['']],
    ['/v1/me/picture/upload', {}, ['contentType', 'size']],
    ['/v1/me/picture/complete', {}, ['key']],
    ['/v1/me/picture/complete', { key: 42 }, ['key']],
    ['/v1/me/picture/complete', { key: 'x'.repeat(257) }, ['key']],
  ])('POST %s %j is a 400 naming the fields', async (path, body, fields) => {
    const res = await call(await newUser(p), 'POST', path, body);
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('validation_failed');
    expect(res.body.error?.details?.map((d) => d.path)).toEqual(fields);
  });

  it('needs a token and valid JSON', async () => {
    const body = { contentType: 'image/png', size: 10 };
    expect((await call(undefined, 'POST', '/v1/me/picture/upload', body)).status).toBe(401);
    expect((await call(undefined, 'DELETE', '/v1/me/picture')).status).toBe(401);
    const bad = await call(await newUser(p), 'POST', '/v1/me/picture/upload', '{"contentType":');
    expect([bad.status, bad.body.error?.code]).toEqual([400, 'invalid_json']);
  });

  it('removes the picture (204, again 204) and its file', async () => {
    const user = await newUser(p);
    expect((await call(user, 'DELETE', '/v1/me/picture')).status).toBe(204);
    const { key } = await upload(user, await image('jpeg'), 'image/jpeg');
    await complete(user, key);
    const [thumb] = await thumbnails(user);
    expect(thumb).toBeDefined();
    expect((await call(user, 'DELETE', '/v1/me/picture')).status).toBe(204);
    expect((await call(user, 'GET', '/v1/me')).body.pictureUrl).toBeNull();
    expect(await storage.head(thumb!)).toBeUndefined();
    expect((await call(user, 'DELETE', '/v1/me/picture')).status).toBe(204);
  });

  it('puts the picture in the GDPR export and erases it with the account', async () => {
    const user = await newUser(p);
    const { key } = await upload(user, await image('png'));
    await complete(user, key);
    const [thumb] = await thumbnails(user);
    const exportId = (await call(user, 'POST', '/v1/me/export')).body.id as string;
    const ready = await eventually(async () => {
      const res = await call(user, 'GET', `/v1/me/exports/${exportId}`);
      return res.body.status === 'ready' && res.body;
    }, 20_000);
    const zip = unzipSync(new Uint8Array(await (await fetch(ready.downloadUrl as string)).arrayBuffer()));
    const name = `files/${thumb!.slice(`users/${user.userId}/`.length)}`;
    expect(Object.keys(zip)).toContain(name);
    expect((await sharp(zip[name]!).metadata()).format).toBe('webp');

    expect((await call(user, 'DELETE', '/v1/me', { password: TEST_PASSWORD })).status).toBe(204);
    await eventually(async () => (await storage.list(`users/${user.userId}/`)).length === 0, 15_000);
  });
});
