import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dumpDatabase, migrationLevel, serverVersion } from './database';
import { backupObjects, entriesText, readEntries } from './objects';
import { formatBytes, maskUrl, s3Client, type Target } from './settings';

export const MANIFEST_FORMAT = 'atelier-backup/1';

/** What `manifest.json` of one backup says; every file it names sits beside it, blobs aside. */
export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  createdAt: string;
  database?: {
    /** Where it came from, password masked. */
    url: string;
    file: 'database.dump';
    size: number;
    sha256: string;
    pgDump: string;
    serverVersion: string;
    migrations: { applied: number; last: string | null; lastCreatedAt: number | null };
  };
  objects?: {
    endpoint: string | undefined;
    bucket: string;
    file: 'objects.jsonl';
    sha256: string;
    count: number;
    bytes: number;
    /** Copied by this backup; the others were unchanged (same ETag) since the previous one. */
    copied: number;
    reused: number;
    blobs: '../blobs/sha256';
  };
}

export type Only = 'database' | 'objects' | undefined;

/** The newest earlier backup of the same bucket in `root` (the base of an incremental object copy). */
function previousBackup(root: string, bucket: string, endpoint: string | undefined) {
  if (!existsSync(root)) return undefined;
  const dirs = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'manifest.json')))
    .map((d) => d.name)
    .sort()
    .reverse();
  for (const dir of dirs) {
    const m = JSON.parse(readFileSync(join(root, dir, 'manifest.json'), 'utf8')) as Manifest;
    if (m.objects && m.objects.bucket === bucket && m.objects.endpoint === endpoint) return join(root, dir);
  }
  return undefined;
}

export const backupName = (at = new Date()) => at.toISOString().replaceAll(':', '-');

export async function runBackup(opts: {
  target: Target;
  root: string;
  only?: Only;
  log?: (line: string) => void;
}): Promise<{ dir: string; manifest: Manifest }> {
  const log = opts.log ?? console.log;
  const root = resolve(opts.root);
  const dir = join(root, backupName());
  mkdirSync(dir, { recursive: true });
  try {
    return await writeBackup(dir, root, opts.target, opts.only, log);
  } catch (err) {
    // A failed backup leaves no folder that looks like one.
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function writeBackup(
  dir: string,
  root: string,
  target: Target,
  only: Only,
  log: (line: string) => void,
): Promise<{ dir: string; manifest: Manifest }> {
  const manifest: Manifest = { format: MANIFEST_FORMAT, createdAt: new Date().toISOString() };
  const { databaseUrl, s3 } = target;

  if (only !== 'objects') {
    log(`database ${maskUrl(databaseUrl)}: pg_dump -Fc …`);
    const level = await migrationLevel(databaseUrl);
    const server = await serverVersion(databaseUrl);
    const dump = await dumpDatabase(databaseUrl, join(dir, 'database.dump'), server.major);
    const { pending: _pending, ...migrations } = level;
    manifest.database = {
      url: maskUrl(databaseUrl),
      file: 'database.dump',
      size: dump.size,
      sha256: dump.sha256,
      pgDump: dump.pgDump,
      serverVersion: server.version,
      migrations,
    };
    log(`  ${formatBytes(dump.size)}, ${level.applied} migrations applied (last ${level.last ?? 'none'})`);
  }

  if (only !== 'database') {
    log(`objects ${s3.endpoint ?? 'AWS S3'} bucket ${s3.bucket}: copying …`);
    const base = previousBackup(root, s3.bucket, s3.endpoint);
    const client = s3Client(s3);
    try {
      const previous = base ? readEntries(join(base, 'objects.jsonl')) : [];
      const copy = await backupObjects({ client, bucket: s3.bucket, root, previous }).catch((err: Error) => {
        if ((err as { code?: string }).code === 'ECONNREFUSED')
          err.message += ` (nothing answers at ${s3.endpoint}: without S3_ENDPOINT the backup reads the embedded store of a running \`npm start\`)`;
        throw err;
      });
      const text = entriesText(copy.entries);
      writeFileSync(join(dir, 'objects.jsonl'), text);
      const bytes = copy.entries.reduce((n, e) => n + e.size, 0);
      manifest.objects = {
        endpoint: s3.endpoint,
        bucket: s3.bucket,
        file: 'objects.jsonl',
        sha256: createHash('sha256').update(text).digest('hex'),
        count: copy.entries.length,
        bytes,
        copied: copy.copied,
        reused: copy.reused,
        blobs: '../blobs/sha256',
      };
      log(
        `  ${copy.entries.length} objects (${formatBytes(bytes)}): ${copy.copied} copied (${formatBytes(copy.copiedBytes)}), ${copy.reused} unchanged`,
      );
    } finally {
      client.destroy();
    }
  }

  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  log(`backup written to ${dir}`);
  return { dir, manifest };
}
