import { type AnyColumn, sql } from 'drizzle-orm';
import * as z from 'zod';
import { ValidationError } from '../errors';

/**
 * Cursor pagination for every list: newest first by (created_at, id), which is stable while rows are
 * added. The cursor is opaque to clients (base64url JSON of the last row's sort key).
 */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
};

export interface Cursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString('base64url');
}

const cursorShape = z.tuple([z.iso.datetime(), z.uuid()]);

export function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (!cursor) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = cursorShape.safeParse(parsed);
  if (!result.success) {
    throw new ValidationError('Invalid query parameters', [
      { path: 'cursor', message: 'is not a cursor from this list' },
    ]);
  }
  return { createdAt: new Date(result.data[0]), id: result.data[1] };
}

/** The page a list answers: `limit` rows (one more was fetched to know whether there is a next page). */
export function page<T extends { createdAt: Date; id: string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/**
 * The SQL pieces of a newest-first page. Postgres keeps microseconds and a cursor carries a JS Date
 * (milliseconds), so both sides compare at millisecond precision; the id breaks ties.
 */
export function newestFirst(createdAt: AnyColumn, id: AnyColumn, cursor: Cursor | undefined) {
  const at = sql`date_trunc('milliseconds', ${createdAt})`;
  return {
    where: cursor
      ? sql`(${at}, ${id}) < (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id}::uuid)`
      : undefined,
    orderBy: [sql`${at} desc`, sql`${id} desc`],
  };
}
