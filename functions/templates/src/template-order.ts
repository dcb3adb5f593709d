import { templates } from '@atelier/shared/db/schema';
import { ValidationError } from '@atelier/shared/errors';
import { type SQL, sql } from 'drizzle-orm';
import * as z from 'zod';
import type { TemplateView } from './schemas';

/**
 * The order of each view and its keyset cursor. Trending and Recommended are not chronological, so the
 * cursor carries the last row's sort key and id (base64url JSON `[view, ...key, id]`), and the next
 * page is the rows after it in the same order: no offsets, so pages stay cheap and a template added
 * meanwhile never shifts rows between pages. A row whose `uses` changes mid-walk may move past the
 * cursor (shown twice or not at all); that is the accepted cost of a live ranking.
 */
interface Order {
  /** Sort columns (all one direction, id last as the tie-break). */
  columns: SQL[];
  dir: 'asc' | 'desc';
  /** The cursor's key values, as SQL literals of the columns' types. */
  key: z.ZodType<Array<string | number>>;
  cast: (values: Array<string | number>) => SQL[];
  keyOf: (row: SortRow) => Array<string | number>;
}
export interface SortRow {
  id: string;
  name: string;
  uses: number;
  featured: number;
  createdAt: Date;
}

const createdAtMs = sql`date_trunc('milliseconds', ${templates.createdAt})`;
const int = z.number().int().min(0).max(2_147_483_647);

const orders: Record<TemplateView, Order> = {
  /** Alphabetical: the whole gallery, easy to scan. */
  all: {
    columns: [sql`${templates.name}`],
    dir: 'asc',
    key: z.tuple([z.string().max(100)]),
    cast: ([name]) => [sql`${name}::text`],
    keyOf: (t) => [t.name],
  },
  trending: {
    columns: [sql`${templates.uses}`],
    dir: 'desc',
    key: z.tuple([int]),
    cast: ([uses]) => [sql`${uses}::int`],
    keyOf: (t) => [t.uses],
  },
  /** Postgres keeps microseconds and the cursor milliseconds, so both sides compare in milliseconds. */
  new: {
    columns: [createdAtMs],
    dir: 'desc',
    key: z.tuple([z.iso.datetime()]),
    cast: ([at]) => [sql`${at}::timestamptz`],
    keyOf: (t) => [t.createdAt.toISOString()],
  },
  recommended: {
    columns: [sql`${templates.featured}`, sql`${templates.uses}`],
    dir: 'desc',
    key: z.tuple([int, int]),
    cast: ([featured, uses]) => [sql`${featured}::int`, sql`${uses}::int`],
    keyOf: (t) => [t.featured, t.uses],
  },
};

export function orderBy(view: TemplateView): SQL[] {
  const { columns, dir } = orders[view];
  const direction = dir === 'asc' ? sql`asc` : sql`desc`;
  return [...columns, sql`${templates.id}`].map((c) => sql`${c} ${direction}`);
}

const badCursor = () =>
  new ValidationError('Invalid query parameters', [
    { path: 'cursor', message: 'is not a cursor from this list and view' },
  ]);

/** The rows after the cursor, in the view's order; undefined for the first page. */
export function afterCursor(view: TemplateView, cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parsed) || parsed[0] !== view) throw badCursor();
  const order = orders[view];
  const key = order.key.safeParse(parsed.slice(1, -1));
  const id = z.uuid().safeParse(parsed.at(-1));
  if (!key.success || !id.success) throw badCursor();
  const left = sql.join([...order.columns, sql`${templates.id}`], sql`, `);
  const right = sql.join([...order.cast(key.data), sql`${id.data}::uuid`], sql`, `);
  return order.dir === 'asc' ? sql`(${left}) > (${right})` : sql`(${left}) < (${right})`;
}

export function encodeCursor(view: TemplateView, row: SortRow): string {
  return Buffer.from(JSON.stringify([view, ...orders[view].keyOf(row), row.id])).toString('base64url');
}
