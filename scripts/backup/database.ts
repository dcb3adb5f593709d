import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { migrationsFolder } from '@atelier/shared/db/migrate';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import postgres from 'postgres';
import { databaseName, libpq, pgTool } from './settings';

/** Runs a PostgreSQL client tool; rejects with its standard error (which never holds the password). */
export function runTool(
  tool: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    child.on('error', (err) =>
      reject(new Error(`${tool}: ${err.message} (install the PostgreSQL client or set PG_BIN)`)),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve({ stdout, stderr })
        : reject(new Error(`${tool} exited with ${code}: ${stderr.trim()}`)),
    );
  });
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const connect = (url: string) => postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });

export interface MigrationLevel {
  /** Migrations recorded in drizzle.__drizzle_migrations. */
  applied: number;
  /** The newest applied one's tag (from migrations/meta/_journal.json) and its journal time. */
  last: string | null;
  lastCreatedAt: number | null;
  /** Migrations of this checkout not applied yet (newer than the newest applied, as drizzle decides). */
  pending: string[];
}

/** The database's migration level against this checkout's migrations/ (what `npm run migrate` would do). */
export async function migrationLevel(url: string): Promise<MigrationLevel> {
  const files = readMigrationFiles({ migrationsFolder });
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ when: number; tag: string }>;
  };
  const tagOf = (when: number | null) => journal.entries.find((e) => e.when === when)?.tag ?? null;
  const sql = connect(url);
  try {
    const [table] = await sql`select to_regclass('drizzle.__drizzle_migrations') as t`;
    const rows = table?.t
      ? await sql<{ created_at: string }[]>`select created_at from drizzle.__drizzle_migrations`
      : [];
    const times = rows.map((r) => Number(r.created_at));
    const last = times.length ? Math.max(...times) : null;
    return {
      applied: rows.length,
      last: tagOf(last),
      lastCreatedAt: last,
      pending: files
        .filter((m) => last === null || m.folderMillis > last)
        .map((m) => tagOf(m.folderMillis) ?? String(m.folderMillis)),
    };
  } finally {
    await sql.end({ timeout: 2 });
  }
}

/** The server's version string and major number (e.g. 15 for 15.20, 9 for 9.6). */
export async function serverVersion(url: string): Promise<{ version: string; major: number }> {
  const sql = connect(url);
  try {
    const [row] =
      await sql`select current_setting('server_version') as v, current_setting('server_version_num')::int as n`;
    return { version: String(row?.v), major: Math.floor(Number(row?.n) / 10000) };
  } finally {
    await sql.end({ timeout: 2 });
  }
}

/** `pg_dump -Fc` (custom format, compressed, restorable table by table) of the whole database. */
export async function dumpDatabase(url: string, file: string, serverMajor?: number) {
  const { dbname, env } = libpq(url);
  const tool = pgTool('pg_dump', serverMajor);
  const version = (await runTool(tool, ['--version'], env)).stdout.trim();
  await runTool(tool, ['--format=custom', '--compress=6', `--file=${file}`, `--dbname=${dbname}`], env);
  return { pgDump: version, size: statSync(file).size, sha256: await sha256File(file) };
}

/**
 * Restores a dump into a database that is missing (it is created) or empty: a restore never mixes
 * with live data. Ownership and grants are left out, so any role with CREATE can restore.
 */
export async function restoreDatabase(url: string, file: string, jobs = 2): Promise<void> {
  const admin = new URL(url);
  const name = databaseName(url);
  admin.pathname = '/postgres';
  const sql = connect(admin.toString());
  try {
    const [exists] = await sql`select 1 as one from pg_database where datname = ${name}`;
    if (!exists) await sql.unsafe(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await sql.end({ timeout: 2 });
  }
  const target = connect(url);
  try {
    const [row] = await target`
      select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
        and n.nspname not like 'pg_toast%'`;
    if ((row?.n ?? 0) > 0)
      throw new Error(
        `database "${name}" already holds ${row?.n} tables: restore into a new (or empty) database, then point database-url at it`,
      );
  } finally {
    await target.end({ timeout: 2 });
  }
  const { dbname, env } = libpq(url);
  const { major } = await serverVersion(url);
  await runTool(
    pgTool('pg_restore', major),
    ['--no-owner', '--no-privileges', '--exit-on-error', `--jobs=${jobs}`, `--dbname=${dbname}`, file],
    env,
  );
}
