import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dbEnv, loadConfig, s3Env } from '@atelier/shared/config';
import { S3Client } from '@aws-sdk/client-s3';

/**
 * Where a backup reads from or a restore writes to: the platform's own settings (environment, or the
 * secret files under SECRETS_DIR, like every function), overridable on the command line.
 */
export interface Target {
  databaseUrl: string;
  s3: {
    endpoint: string | undefined;
    region: string;
    bucket: string;
    accessKeyId: string;
    secretAccessKey: string;
    forcePathStyle: boolean;
  };
}

export function loadTarget(
  env: Record<string, string | undefined> = process.env,
  overrides: { databaseUrl?: string; endpoint?: string; bucket?: string } = {},
): Target {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const config = loadConfig({ ...dbEnv, ...s3Env }, { env });
  // No S3_ENDPOINT: the embedded store of a running `npm start` (S3_PORT, 9000 by default).
  const endpoint = overrides.endpoint ?? config.S3_ENDPOINT ?? `http://127.0.0.1:${env.S3_PORT || 9000}`;
  return {
    databaseUrl: overrides.databaseUrl ?? config.DATABASE_URL,
    s3: {
      endpoint,
      region: config.S3_REGION,
      bucket: overrides.bucket ?? config.S3_BUCKET,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    },
  };
}

export const s3Client = (s3: Target['s3']) =>
  new S3Client({
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: s3.forcePathStyle,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    maxAttempts: 4,
  });

/** A connection URL fit to print or to store: the password (if any) replaced by `***`. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * libpq arguments for a database URL: the URL without its password (command lines are visible to
 * every user of the machine) and the password in PGPASSWORD, which only the child process sees.
 */
export function libpq(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password) env.PGPASSWORD = password;
  return { dbname: u.toString(), env };
}

/**
 * pg_dump / pg_restore: from PG_BIN (e.g. /usr/lib/postgresql/17/bin) when set; else, where Debian's
 * layout holds several clients, the one of the server's major version (or the oldest newer one: pg_dump
 * refuses a newer server, and a newer one's dump may carry settings an older server rejects); else PATH.
 */
export function pgTool(name: 'pg_dump' | 'pg_restore', serverMajor?: number, env = process.env): string {
  if (env.PG_BIN) return join(env.PG_BIN, name);
  const base = '/usr/lib/postgresql';
  if (serverMajor !== undefined && existsSync(base)) {
    const majors = readdirSync(base)
      .map(Number)
      .filter(
        (m) => Number.isInteger(m) && m >= serverMajor && existsSync(join(base, String(m), 'bin', name)),
      )
      .sort((a, b) => a - b);
    if (majors[0] !== undefined) return join(base, String(majors[0]), 'bin', name);
  }
  return name;
}

/** The database's name in a URL. */
export const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

export const formatBytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`;
