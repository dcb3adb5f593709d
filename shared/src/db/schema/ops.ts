import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** The platform's own bounded context: the transactional outbox, consumer de-duplication, the audit log. */
export const ops = pgSchema('ops');

export const outbox = ops.table(
  'outbox',
  {
    id: uuid('id').primaryKey(), // the CloudEvent id
    type: text('type').notNull(),
    source: text('source').notNull(),
    subject: text('subject'),
    data: jsonb('data').notNull(),
    traceparent: text('traceparent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [index('outbox_unpublished_idx').on(t.createdAt).where(sql`${t.publishedAt} is null`)],
);

export const processedEvents = ops.table(
  'processed_events',
  {
    consumer: text('consumer').notNull(),
    source: text('source').notNull(),
    eventId: text('event_id').notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.source, t.eventId] })],
);

export const eventLog = ops.table(
  'event_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    eventId: text('event_id').notNull(),
    source: text('source').notNull(),
    type: text('type').notNull(),
    subject: text('subject'),
    time: timestamp('time', { withTimezone: true }).notNull(),
    data: jsonb('data'),
    traceparent: text('traceparent'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('event_log_source_id_uq').on(t.source, t.eventId),
    index('event_log_type_time_idx').on(t.type, t.time),
  ],
);
