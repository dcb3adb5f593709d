import { randomUUID } from 'node:crypto';
import { brandKitFiles } from '@atelier/shared/db/schema';
import type { Storage } from '@atelier/shared/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { image, newTeam, putFile, subscribe, testStorage } from '../../../runner/src/test-support/creative';
import type { TestPlatform } from '../../../runner/src/test-support/platform';
import {
  newUser,
  request,
  startIdentityPlatform,
  type TestUser,
} from '../../../runner/src/test-support/users';

/** Bytes that start like a font of each kind (the signature is what is checked). */
const font = (magic: number[] | string) =>
  Uint8Array.from([
    ...(typeof magic === 'string' ? [...magic].map((c) => c.charCodeAt(0)) : magic),
    ...Array(200).fill(7),
  ]);

describe('brand kits through the gateway', () => {
  let p: TestPlatform;
  let storage: Storage;
  beforeAll(async () => {
    p = await startIdentityPlatform();
    storage = testStorage(p);
  });
  afterAll(() => p?.stop());
  const call = (user: TestUser | undefined, method: string, path: string, body?: unknown) =>
    request(p, user, method, path, body);

  async function proUser() {
    const user = await newUser(p);
    await subscribe(p, { userId: user.userId }, 'pro');
    return user;
  }
  const newKit = async (user: TestUser, body: Record<string, unknown> = {}) => {
    const res = await call(user, 'POST', '/v1/brand-kits', { name: 'Acme', ...body });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  async function addFile(
    user: TestUser,
    kitId: string,
    kind: 'logo' | 'font',
    bytes: Uint8Array,
    contentType: string,
  ) {
    const link = await call(user, 'POST', `/v1/brand-kits/${kitId}/files/uploads`, {
      kind,
      name: kind === 'logo' ? 'logo.png' : 'brand.woff2',
      contentType,
      size: bytes.length,
    });
    if (link.status !== 201) return link;
    expect(await putFile(link.body, bytes)).toBe(200);
    return call(user, 'POST', `/v1/brand-kits/${kitId}/files/complete`, { uploadId: link.body.uploadId });
  }

  it('is for Pro and above: Free gets 403 plan_required naming the plan', async () => {
    const free = await newUser(p);
    for (const [method, path] of [
      ['POST', '/v1/brand-kits'],
      ['GET', '/v1/brand-kits'],
    ]) {
      const res = await call(free, method!, path!, method === 'POST' ? { name: 'Mine' } : undefined);
      expect([res.status, res.body.error?.code], path).toEqual([403, 'plan_required']);
      expect(res.body.error?.details).toEqual({ plan: 'free', requiredPlan: 'pro' });
    }
  });

  it('creates, reads, updates, lists and deletes a kit with colours and tone', async () => {
    const user = await proUser();
    const created = await call(user, 'POST', '/v1/brand-kits', {
      name: 'Acme',
      colours: [{ name: 'Primary', hex: '#1A2B3C' }],
      tone: 'playful',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Acme',
      tone: 'playful',
      isDefault: false,
      logos: [],
      fonts: [],
    });
    const id = created.body.id as string;
    const updated = await call(user, 'PATCH', `/v1/brand-kits/${id}`, {
      colours: [
        { name: 'Primary', hex: '#1a2b3c' },
        { name: 'Accent', hex: '#FF0000' },
      ],
      name: 'Acme 2',
    });
    expect(updated.body).toMatchObject({ name: 'Acme 2', tone: 'playful' });
    expect(updated.body.colours).toHaveLength(2);
    expect((await call(user, 'GET', `/v1/brand-kits/${id}`)).body.name).toBe('Acme 2');
    await newKit(user, { name: 'Second' });
    const page1 = await call(user, 'GET', '/v1/brand-kits?limit=1');
    expect((page1.body.items as Array<{ name: string }>).map((k) => k.name)).toEqual(['Second']);
    const page2 = await call(user, 'GET', `/v1/brand-kits?limit=1&cursor=${page1.body.nextCursor}`);
    expect((page2.body.items as Array<{ name: string }>).map((k) => k.name)).toEqual(['Acme 2']);
    expect((await call(user, 'DELETE', `/v1/brand-kits/${id}`)).status).toBe(204);
    expect((await call(user, 'GET', `/v1/brand-kits/${id}`)).status).toBe(404);
  });

  it('keeps one default per user: setting a new one unsets the old', async () => {
    const user = await proUser();
    const a = await newKit(user, { isDefault: true });
    const b = await newKit(user, { name: 'B', isDefault: true });
    expect((await call(user, 'GET', `/v1/brand-kits/${a}`)).body.isDefault).toBe(false);
    expect((await call(user, 'GET', `/v1/brand-kits/${b}`)).body.isDefault).toBe(true);
    expect((await call(user, 'PATCH', `/v1/brand-kits/${a}`, { isDefault: true })).body.isDefault).toBe(true);
    expect((await call(user, 'GET', `/v1/brand-kits/${b}`)).body.isDefault).toBe(false);
    // Another user's default is theirs.
    const other = await proUser();
    await newKit(other, { isDefault: true });
    expect((await call(user, 'GET', `/v1/brand-kits/${a}`)).body.isDefault).toBe(true);
  });

  it('adds logos and fonts checked by signature, removes them, and deletes files with the kit', async () => {
    const user = await proUser();
    const id = await newKit(user);
    const logo = await addFile(user, id, 'logo', await image('png', 200, 100), 'image/png');
    expect(logo.status).toBe(201);
    expect(logo.body.logos).toEqual([
      expect.objectContaining({ name: 'logo.png', contentType: 'image/png' }),
    ]);
    for (const [bytes, type] of [
      [font('wOF2'), 'font/woff2'],
      [font('wOFF'), 'font/woff'],
      [font([0, 1, 0, 0]), 'font/ttf'],
      [font('OTTO'), 'font/otf'],
    ] as const) {
      const res = await addFile(user, id, 'font', bytes, type);
      expect(res.status, type).toBe(201);
    }
    const kit = await call(user, 'GET', `/v1/brand-kits/${id}`);
    expect((kit.body.fonts as unknown[]).length).toBe(4);
    const fontUrl = (kit.body.fonts as Array<{ url: string }>)[0]!.url;
    expect((await fetch(fontUrl)).status).toBe(200);

    // A PNG renamed .woff2, and text, are not fonts: refused and removed.
    for (const bytes of [await image('png'), new TextEncoder().encode('not a font at all')]) {
      const res = await addFile(user, id, 'font', bytes, 'font/woff2');
      expect([res.status, res.body.error?.code]).toEqual([415, 'unsupported_media_type']);
    }
    expect(await storage.list(`users/${user.userId}/creative/`)).toHaveLength(5);
    const fileId = (kit.body.fonts as Array<{ id: string }>)[0]!.id;
    expect((await call(user, 'DELETE', `/v1/brand-kits/${id}/files/${fileId}`)).status).toBe(204);
    expect(await storage.list(`users/${user.userId}/creative/`)).toHaveLength(4);
    expect((await call(user, 'DELETE', `/v1/brand-kits/${id}`)).status).toBe(204);
    expect(await storage.list(`users/${user.userId}/creative/`)).toEqual([]);
  });

  it('holds 10 logos and 5 fonts: the 11th logo and the 6th font are 409 limit_reached', async () => {
    const user = await proUser();
    const id = await newKit(user);
    const rows = (kind: 'logo' | 'font', n: number) =>
      Array.from({ length: n }, (_, i) => ({
        brandKitId: id,
        kind,
        name: `${kind}${i}`,
        storageKey: `users/${user.userId}/creative/files/${kind}${i}`,
        contentType: kind === 'logo' ? 'image/png' : 'font/woff2',
        size: 10,
      }));
    await p.db.db.insert(brandKitFiles).values([...rows('logo', 10), ...rows('font', 4)]);
    const logo = await addFile(user, id, 'logo', await image(), 'image/png');
    expect([logo.status, logo.body.error?.code, logo.body.error?.details]).toEqual([
      409,
      'limit_reached',
      { limit: 10, resource: 'logo' },
    ]);
    expect((await addFile(user, id, 'font', font('wOF2'), 'font/woff2')).status).toBe(201);
    const sixth = await addFile(user, id, 'font', font('wOF2'), 'font/woff2');
    expect([sixth.status, sixth.body.error?.code, sixth.body.error?.details]).toEqual([
      409,
      'limit_reached',
      { limit: 5, resource: 'font' },
    ]);
  });

  it('answers 404 to another user, and lets a team Viewer read but not write', async () => {
    const { owner, teamId, members } = await newTeam(p, ['viewer']);
    await subscribe(p, { teamId }, 'team');
    const id = await newKit(owner, { teamId, isDefault: true });
    const viewer = members.viewer!;
    expect((await call(viewer, 'GET', `/v1/brand-kits/${id}`)).body.teamId).toBe(teamId);
    expect((await call(viewer, 'GET', `/v1/brand-kits?teamId=${teamId}`)).body.items).toHaveLength(1);
    const stranger = await proUser();
    for (const [method, path, body] of [
      ['PATCH', `/v1/brand-kits/${id}`, { name: 'x' }],
      ['DELETE', `/v1/brand-kits/${id}`],
      [
        'POST',
        `/v1/brand-kits/${id}/files/uploads`,
        { kind: 'logo', name: 'l.png', contentType: 'image/png', size: 10 },
      ],
      ['POST', '/v1/brand-kits', { name: 'x', teamId }],
    ] as Array<[string, string, unknown?]>) {
      const denied = await call(viewer, method, path, body);
      expect([denied.status, denied.body.error?.code], `${method} ${path}`).toEqual([403, 'forbidden']);
      const hidden = await call(stranger, method, path, body);
      expect([hidden.status, hidden.body.error?.code], `${method} ${path}`).toEqual([404, 'not_found']);
    }
    for (const path of [
      `/v1/brand-kits/${id}`,
      `/v1/brand-kits?teamId=${teamId}`,
      `/v1/brand-kits/${randomUUID()}`,
    ]) {
      expect((await call(stranger, 'GET', path)).status, path).toBe(404);
    }
  });

  it.each([
    [{ name: '' }, ['name']],
    [{ name: 'x'.repeat(101) }, ['name']],
    [{ name: 'ok', colours: [{ name: 'c', hex: '#12345' }] }, ['colours.0.hex']],
    [{ name: 'ok', colours: [{ name: 'c', hex: 'red' }] }, ['colours.0.hex']],
    [{ name: 'ok', colours: [{ name: 'c', hex: '#GGGGGG' }] }, ['colours.0.hex']],
    [{ name: 'ok', extra: 1 }, ['']],
  ])('POST /v1/brand-kits %j is a 400 naming the fields', async (body, fields) => {
    const res = await call(await proUser(), 'POST', '/v1/brand-kits', body);
    expect([res.status, res.body.error?.code]).toEqual([400, 'validation_failed']);
    expect(res.body.error?.details?.map((d) => d.path)).toEqual(fields);
  });

  it('refuses a font over 5 MB or of another type at the link', async () => {
    const user = await proUser();
    const id = await newKit(user);
    for (const [body, field] of [
      [{ kind: 'font', name: 'f.woff2', contentType: 'font/woff2', size: 5 * 1024 * 1024 + 1 }, 'size'],
      [{ kind: 'font', name: 'f.svg', contentType: 'image/svg+xml', size: 10 }, 'contentType'],
      [{ kind: 'logo', name: 'l.woff2', contentType: 'font/woff2', size: 10 }, 'contentType'],
    ] as const) {
      const res = await call(user, 'POST', `/v1/brand-kits/${id}/files/uploads`, body);
      expect([res.status, res.body.error?.details?.map((d) => d.path)]).toEqual([400, [field]]);
    }
  });
});
