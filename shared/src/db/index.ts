import {
  drizzle,
  type PostgresJsDatabase,
  PostgresJsPreparedQuery,
  PostgresJsSession,
} from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { traceDrizzle } from '../tracing/db';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PostgresJsDatabase<Schema>;
/** A transaction handle, as drizzle passes it to `db.transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  sql: postgres.Sql;
  close(): Promise<void>;
}

/**
 * Serverless means many short-lived processes: keep each pool tiny (default 2) and let
 * PgBouncer multiplex in a cluster. Connections open lazily, so a cold start pays nothing here.
 */
export function createDb(config: { DATABASE_URL: string; DB_POOL_MAX: number }): DbHandle {
  const sql = postgres(config.DATABASE_URL, {
    max: config.DB_POOL_MAX,
    idle_timeout: 20,
    connect_timeout: 5,
    onnotice: () => {},
  });
  const db = drizzle(sql, { schema });
  traceDrizzle(PostgresJsPreparedQuery.prototype, PostgresJsSession.prototype); // when tracing is configured
  return { db, sql, close: () => sql.end({ timeout: 2 }) };
}

export { schema };
