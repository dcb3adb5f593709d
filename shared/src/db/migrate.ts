import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

export const migrationsFolder = fileURLToPath(new URL('../../../migrations', import.meta.url));

/** Creates the database when it is missing (local use), then applies pending migrations under a lock. */
export async function migrateDatabase(databaseUrl: string, folder = migrationsFolder): Promise<void> {
  await ensureDatabase(databaseUrl);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    // Several processes (test workers, replicas) may start together: one migrates, the others wait.
    await sql`select pg_advisory_lock(724011)`;
    await migrate(drizzle(sql), { migrationsFolder: folder });
  } finally {
    await sql`select pg_advisory_unlock(724011)`.catch(() => {});
    await sql.end({ timeout: 2 });
  }
}

async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!name || name === 'postgres') return;
  url.pathname = '/postgres';
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${name}`;
    if (rows.length === 0)
      await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`).catch((err) => {
        // Another process created it between the check and the create.
        if ((err as { code?: string }).code !== '42P04') throw err;
      });
  } finally {
    await admin.end({ timeout: 2 });
  }
}
