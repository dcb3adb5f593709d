import {
  bigserial,
  boolean,
  date,
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
import { users } from './identity';

/** API keys, their usage, idempotent replays and outbound webhooks (PRODUCT.md §7). */
export const developer = pgSchema('developer');

export const apiScopes = [
  'generations:write',
  'generations:read',
  'assets:read',
  'assets:write',
  'projects:read',
  'projects:write',
  'webhooks:manage',
] as const;
export type ApiScope = (typeof apiScopes)[number];

/** `credits`: spends the owner's credits like the app; `metered`: pay-as-you-go, $0.05 a generation. */
export const apiKeyBillings = ['credits', 'metered'] as const;
export type ApiKeyBilling = (typeof apiKeyBillings)[number];

/**
 * An API key acts as its owner within its scopes. The secret is shown once; only its SHA-256 is kept
 * (a random 256-bit secret needs no slow hash). `publicId` is the non-secret part of the key
 * (`atl_live_<publicId>_<secret>`), so verifying is one indexed read and a constant-time compare.
 */
export const apiKeys = developer.table(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    publicId: text('public_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    secretHash: text('secret_hash').notNull(),
    scopes: text('scopes', { enum: apiScopes }).array().notNull(),
    billing: text('billing', { enum: apiKeyBillings }).notNull().default('credits'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    lastUsedIp: text('last_used_ip'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('api_keys_public_id_uq').on(t.publicId),
    index('api_keys_user_idx').on(t.userId, t.createdAt),
  ],
);

/** Requests and generations per key per UTC day (flushed from Redis counters every minute). */
export const apiUsage = developer.table(
  'api_usage',
  {
    keyId: uuid('key_id')
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    requests: integer('requests').notNull().default(0),
    generations: integer('generations').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.day] })],
);

/** Flushes of the Redis usage counters already added: a flush retried after a crash adds nothing. */
export const usageFlushes = developer.table('usage_flushes', {
  id: text('id').primaryKey(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * `Idempotency-Key` on POSTs: the first request with a key stores its answer; the same key with the
 * same body gets that answer again, with another body 422. `principal` is the API key or the user.
 */
export const idempotencyKeys = developer.table(
  'idempotency_keys',
  {
    principal: text('principal').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    bodyHash: text('body_hash').notNull(),
    /** Null while the first request runs. */
    status: integer('status'),
    body: text('body'),
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.principal, t.key] }),
    index('idempotency_keys_created_idx').on(t.createdAt),
  ],
);

/** Where a developer wants events: https URL, the public event types, a signing secret (sealed). */
export const webhookEndpoints = developer.table(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    eventTypes: text('event_types').array().notNull(),
    /** `whsec_…` sealed with WEBHOOK_SECRET_KEY (AES-256-GCM): signing needs the secret itself. */
    secret: text('secret').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    disabledReason: text('disabled_reason'),
    /** Deliveries that failed in a row (all retries spent); reset by a success. */
    failureStreak: integer('failure_streak').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_endpoints_user_idx').on(t.userId, t.createdAt)],
);

export const webhookDeliveryStates = ['pending', 'delivered', 'failed'] as const;

/** One message to one endpoint (its id is the `webhook-id`, the same on every try). */
export const webhookDeliveries = developer.table(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** The platform event it carries (or `test:<uuid>` for a test ping). */
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    state: text('state', { enum: webhookDeliveryStates }).notNull().default('pending'),
    /** Tries in the current round (a manual redeliver starts a new round). */
    attempts: integer('attempts').notNull().default(0),
    round: integer('round').notNull().default(1),
    lastStatus: integer('last_status'),
    lastLatencyMs: integer('last_latency_ms'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_uq').on(t.endpointId, t.eventId),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
  ],
);

/** Every try of a delivery: the log developers read. */
export const webhookAttempts = developer.table(
  'webhook_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    round: integer('round').notNull(),
    attempt: integer('attempt').notNull(),
    /** `auto` (the event or a retry), `manual` (redeliver), `test` (test ping). */
    trigger: text('trigger').notNull(),
    status: integer('status'),
    latencyMs: integer('latency_ms').notNull(),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('webhook_attempts_try_uq').on(t.deliveryId, t.round, t.attempt),
    index('webhook_attempts_delivery_idx').on(t.deliveryId, t.id),
  ],
);
