import { sql } from 'drizzle-orm';
import { bigserial, customType, index, integer, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { projects } from './creative';
import { users } from './identity';

/** Real-time collaboration (PRODUCT.md §6): Yjs state of design documents and comments. Owned by `collab`. */
export const collab = pgSchema('collab');

/** Raw bytes (Yjs updates); postgres.js hands them over as Buffers. */
const bytea = customType<{ data: Uint8Array; driverData: Buffer }>({
  dataType: () => 'bytea',
  toDriver: (v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength),
  fromDriver: (v) => new Uint8Array(v),
});

/**
 * One row per project that ever had a live room: the compacted Yjs state (the updates compaction folded
 * in, which it deleted) and the design-document revision that state last matched.
 */
export const rooms = collab.table('rooms', {
  projectId: uuid('project_id')
    .primaryKey()
    .references(() => projects.id, { onDelete: 'cascade' }),
  snapshot: bytea('snapshot'),
  /** creative.design_documents.revision the Yjs state was last loaded from or written back as. */
  baseRevision: integer('base_revision').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Every Yjs update, appended before it is applied and broadcast; folded into the snapshot by compaction. */
export const roomUpdates = collab.table(
  'updates',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    data: bytea('data').notNull(),
    /** Null for updates the service made itself (loading an API revision). */
    userId: uuid('user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('updates_project_idx').on(t.projectId, t.id)],
);

/** Comments on a project or one layer of its design; mentions are user ids resolved at creation. */
export const comments = collab.table(
  'comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    layerId: text('layer_id'),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    mentions: uuid('mentions').array().notNull().default(sql`'{}'::uuid[]`),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: uuid('resolved_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('comments_project_idx').on(t.projectId, t.createdAt, t.id)],
);
