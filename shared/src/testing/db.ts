import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDb, type DbHandle } from '../db';
import { migrateDatabase } from '../db/migrate';

export const baseDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database of its own for one test file: `atelier_t_<tag>` on the test server. */
export function scratchDatabaseUrl(tag = randomBytes(4).toString('hex')): string {
  const url = new URL(baseDatabaseUrl);
  url.pathname = `/atelier_t_${tag}`;
  return url.toString();
}

export async function dropDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  await sql.unsafe(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`).catch(() => {});
  await sql.end();
}

/** Creates and migrates a fresh database; `drop()` closes the pool and removes it. */
export async function scratchDatabase(): Promise<DbHandle & { url: string; drop(): Promise<void> }> {
  const url = scratchDatabaseUrl();
  await migrateDatabase(url);
  const handle = createDb({ DATABASE_URL: url, DB_POOL_MAX: 2 });
  return {
    ...handle,
    url,
    async drop() {
      await handle.close();
      await dropDatabase(url);
    },
  };
}
