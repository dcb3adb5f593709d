import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** The inbox and per-user delivery settings (PRODUCT.md §6). Owned by notify (writes) and stream (reads). */
export const notification = pgSchema('notification');

/**
 * One inbox item. `seq` is global and doubles as the SSE event id; notify serialises each user's inserts
 * (an advisory lock per user), so a user's seq order is also their commit order and "everything after
 * Last-Event-ID" never skips a row that commits late.
 */
export const notifications = notification.table(
  'notifications',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id').notNull(),
    type: text('type').notNull(),
    /** Plain English, for email subjects and debugging; the web translates from `type` and `data`. */
    title: text('title').notNull(),
    /** Ids and parameters only (no prose): generationId, projectId, commentId, … */
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    sourceEventId: text('source_event_id').notNull(),
    /**
     * Whether it went out live (the user's push setting when it was stored): the stream's replay and
     * gap reads send only these, so push off means off on every path, while the inbox lists all.
     */
    live: boolean('live').notNull().default(true),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A redelivered event (or the same event seen twice) adds nothing.
    uniqueIndex('notifications_source_uq').on(t.userId, t.sourceEventId, t.type),
    index('notifications_user_seq_idx').on(t.userId, t.seq),
    index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
  ],
);

/** Explicit choices only: a missing row means the type's default (shared/src/notifications/types.ts). */
export const notifySettings = notification.table(
  'settings',
  {
    userId: uuid('user_id').notNull(),
    type: text('type').notNull(),
    channel: text('channel', { enum: ['push', 'email'] }).notNull(),
    enabled: boolean('enabled').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.type, t.channel] })],
);
