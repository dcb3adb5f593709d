import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { MANIFEST_FORMAT, type Manifest, type Only } from './backup';
import { type MigrationLevel, migrationLevel, restoreDatabase, sha256File } from './database';
import { readEntries, restoreObjects } from './objects';
import { formatBytes, maskUrl, s3Client, type Target } from './settings';

export function readManifest(dir: string): Manifest {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) throw new Error(`${dir} holds no manifest.json: not a backup`);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  if (manifest.format !== MANIFEST_FORMAT) throw new Error(`unknown backup format ${manifest.format}`);
  return manifest;
}

/**
 * Restores a backup into a fresh database and a fresh bucket (both created when missing; refused when
 * they hold anything), checking every checksum first, then reports the migration level.
 */
export async function runRestore(opts: {
  dir: string;
  target: Target;
  only?: Only;
  jobs?: number;
  log?: (line: string) => void;
}): Promise<{ migrations?: MigrationLevel; objects?: number }> {
  const log = opts.log ?? console.log;
  const dir = resolve(opts.dir);
  const manifest = readManifest(dir);
  const { databaseUrl, s3 } = opts.target;
  const result: { migrations?: MigrationLevel; objects?: number } = {};
  const wantDb = opts.only !== 'objects';
  const wantObjects = opts.only !== 'database';
  if (wantDb && !manifest.database) throw new Error('this backup holds no database dump');
  if (wantObjects && !manifest.objects) throw new Error('this backup holds no objects');

  if (wantDb && manifest.database) {
    const dump = join(dir, manifest.database.file);
    if ((await sha256File(dump)) !== manifest.database.sha256)
      throw new Error(`${dump}: checksum mismatch, the dump is damaged`);
    log(`database ${maskUrl(databaseUrl)}: pg_restore of ${manifest.createdAt} …`);
    await restoreDatabase(databaseUrl, dump, opts.jobs);
    const level = await migrationLevel(databaseUrl);
    result.migrations = level;
    log(
      level.pending.length === 0
        ? `  migrations: up to date (${level.applied} applied, last ${level.last ?? 'none'})`
        : `  migrations: ${level.pending.length} pending (${level.pending.join(', ')}): the backup is older than this code; npm run migrate applies them`,
    );
  }

  if (wantObjects && manifest.objects) {
    const list = join(dir, manifest.objects.file);
    const text = existsSync(list) ? readFileSync(list, 'utf8') : '';
    if (createHash('sha256').update(text).digest('hex') !== manifest.objects.sha256)
      throw new Error(`${list}: checksum mismatch, the object list is damaged`);
    log(`objects → ${s3.endpoint ?? 'AWS S3'} bucket ${s3.bucket} …`);
    const client = s3Client(s3);
    try {
      const done = await restoreObjects({
        client,
        bucket: s3.bucket,
        root: dirname(dir),
        entries: readEntries(list),
      });
      result.objects = done.count;
      log(`  ${done.count} objects (${formatBytes(done.bytes)})${done.created ? ', bucket created' : ''}`);
    } finally {
      client.destroy();
    }
  }
  log('restore complete');
  return result;
}
