import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dropDatabase, scratchDatabaseUrl } from '@atelier/shared/testing/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../runner/src/build';
import { startEmbeddedS3 } from '../../runner/src/embedded-s3';
import { image, newProject, putFile, testStorage } from '../../runner/src/test-support/creative';
import { eventually, type TestPlatform } from '../../runner/src/test-support/platform';
import { newUser, request, startIdentityPlatform, TEST_PASSWORD } from '../../runner/src/test-support/users';
import type { Manifest } from './backup';
import { migrationLevel } from './database';

const run = promisify(execFile);
// The test server trusts local connections, so any password is accepted: it must never be printed.
const PASSWORD = 'never-print-me-7f3a';
const withPassword = (url: string) => {
  const u = new URL(url);
  u.password = PASSWORD;
  return u.toString();
};

/** `npm run backup` / `npm run restore` as a child process; answers its exit code and output. */
async function cli(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/backup/cli.ts', ...args],
      {
        cwd: repoRoot,
        env: { ...process.env, SECRETS_DIR: join(tmpdir(), 'atelier-no-secrets'), ...env },
      },
    );
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, out: (e.stdout ?? '') + (e.stderr ?? '') };
  }
}

describe('backup and restore', () => {
  let source: TestPlatform;
  let restored: TestPlatform | undefined;
  let store: Awaited<ReturnType<typeof startEmbeddedS3>> | undefined;
  const work = mkdtempSync(join(tmpdir(), 'atelier-backup-'));
  const backups = join(work, 'backups');
  const restoredDb = scratchDatabaseUrl();
  const restoredBucket = 'atelier-restored';

  beforeAll(async () => {
    source = await startIdentityPlatform();
  });
  afterAll(async () => {
    // Every step runs even when one fails; the first failure is reported after all of them.
    const errors: unknown[] = [];
    const step = (action: () => unknown) =>
      Promise.resolve()
        .then(action)
        .catch((err: unknown) => void errors.push(err));
    // stop() drops the platform's database: for the second one, the restored copy.
    await step(() => (restored ? restored.stop() : dropDatabase(restoredDb)));
    await step(() => store?.close());
    await step(() => source?.stop());
    await step(() => rmSync(work, { recursive: true, force: true }));
    if (errors.length) throw errors[0];
  });

  it('backs up, restores into a fresh database and bucket, and the platform works on the copy', async () => {
    // Real data: an account, a workbench with a project, an uploaded asset (and its thumbnail).
    const user = await newUser(source);
    const { projectId } = await newProject(source, { userId: user.userId });
    const png = await image('png', 320, 200);
    const link = await request(source, user, 'POST', '/v1/assets/uploads', {
      projectId,
      name: 'hero.png',
      contentType: 'image/png',
      size: png.length,
    });
    expect(link.status).toBe(201);
    expect(await putFile(link.body, png)).toBe(200);
    const done = await request(source, user, 'POST', `/v1/assets/uploads/${link.body.uploadId}/complete`);
    expect(done.status).toBe(201);
    const assetId = done.body.id as string;
    const storage = testStorage(source);
    // Wait for the thumbnail so the bucket holds still between the two backups.
    await eventually(
      async () => (await storage.list(`users/${user.userId}/`)).some((k) => k.endsWith('.thumb.webp')),
      30_000,
      250,
    );

    const from = {
      DATABASE_URL: withPassword(source.env.DATABASE_URL!),
      S3_ENDPOINT: source.runner.s3Endpoint,
      S3_BUCKET: source.env.S3_BUCKET!,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    };
    const first = await cli(['backup', '--out', backups], from);
    expect(first.out, first.out).toContain('backup written to');
    expect(first.code).toBe(0);
    // A second backup copies nothing new: every object has the ETag the first one recorded.
    const second = await cli(['backup', '--out', backups], from);
    expect(second.code, second.out).toBe(0);
    const dirOf = (out: string) => /backup written to (.+)/.exec(out)![1]!.trim();
    const m1 = JSON.parse(readFileSync(join(dirOf(first.out), 'manifest.json'), 'utf8')) as Manifest;
    const m2 = JSON.parse(readFileSync(join(dirOf(second.out), 'manifest.json'), 'utf8')) as Manifest;
    expect(m1.objects!.count).toBeGreaterThanOrEqual(2);
    expect(m1.objects!.copied).toBe(m1.objects!.count);
    expect(m2.objects).toMatchObject({ count: m1.objects!.count, copied: 0, reused: m1.objects!.count });
    expect(m2.database).toMatchObject({ file: 'database.dump', migrations: { last: expect.any(String) } });
    expect(m2.database!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m2.database!.url).toContain(':***@');

    // A fresh bucket on another store (created by the restore) and a fresh database.
    store = await startEmbeddedS3({ dir: join(work, 's3'), port: 0, bucket: 'placeholder' });
    const to = {
      DATABASE_URL: withPassword(restoredDb),
      S3_ENDPOINT: store.endpoint,
      S3_BUCKET: restoredBucket,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    };
    const restore = await cli(['restore', dirOf(second.out)], to);
    expect(restore.code, restore.out).toBe(0);
    expect(restore.out).toContain('migrations: up to date');
    expect((await migrationLevel(restoredDb)).pending).toEqual([]);
    // Never over live data.
    const again = await cli(['restore', dirOf(second.out), '--only', 'database'], to);
    expect(again.code).toBe(1);
    expect(again.out).toContain('already holds');
    for (const out of [first.out, second.out, restore.out, again.out]) expect(out).not.toContain(PASSWORD);
    expect(readFileSync(join(dirOf(second.out), 'manifest.json'), 'utf8')).not.toContain(PASSWORD);

    // A second platform on the restored copy: the user signs in, sees the project, gets the same bytes.
    restored = await startIdentityPlatform({
      DATABASE_URL: restoredDb,
      S3_ENDPOINT: store.endpoint,
      S3_BUCKET: restoredBucket,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
    const login = await request(restored, undefined, 'POST', '/v1/auth/login', {
      email: user.email,
      password: TEST_PASSWORD,
    });
    expect(login.status).toBe(200);
    const me = { accessToken: login.body.accessToken as string };
    const projects = await request(restored, me, 'GET', '/v1/projects');
    expect((projects.body.items as Array<{ id: string }>).map((p) => p.id)).toContain(projectId);
    const assets = await request(restored, me, 'GET', `/v1/assets?projectId=${projectId}`);
    expect((assets.body.items as Array<{ id: string }>).map((a) => a.id)).toEqual([assetId]);
    const dl = await request(restored, me, 'GET', `/v1/assets/${assetId}/download`);
    expect(dl.status).toBe(200);
    expect(new URL(dl.body.url as string).origin).toBe(store.endpoint);
    const file = await fetch(dl.body.url as string);
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true);
  }, 240_000);
});
