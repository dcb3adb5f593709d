import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
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

/**
 * Brand kits, workbenches, projects, design documents, templates and assets (PRODUCT.md §3). Owned by
 * the creative functions. Ids of users and teams are plain uuids, not foreign keys into `identity`:
 * each context erases its own rows when `user.deleted` arrives, so the schemas stay separable.
 * Everything owned is owned by exactly one of a user (`owner_user_id`) or a team (`team_id`).
 */
export const creative = pgSchema('creative');

const owned = {
  ownerUserId: uuid('owner_user_id'),
  teamId: uuid('team_id'),
};
const ownedByOne = (name: string) => check(name, sql`(owner_user_id is null) <> (team_id is null)`);
const stamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const brandKits = creative.table(
  'brand_kits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...owned,
    name: text('name').notNull(),
    /** [{ name, hex }] with hex as #RRGGBB. */
    colours: jsonb('colours').notNull().default([]),
    /** Voice for generated copy and prompts ("playful", "formal", …). */
    tone: text('tone').notNull().default(''),
    isDefault: boolean('is_default').notNull().default(false),
    ...stamps,
  },
  (t) => [
    ownedByOne('brand_kits_one_owner'),
    uniqueIndex('brand_kits_default_user_uq')
      .on(t.ownerUserId)
      .where(sql`${t.isDefault} and ${t.teamId} is null`),
    uniqueIndex('brand_kits_default_team_uq')
      .on(t.teamId)
      .where(sql`${t.isDefault} and ${t.teamId} is not null`),
  ],
);

/** A brand kit's logos (≤ 10) and fonts (≤ 5): files in storage, checked by signature on upload. */
export const brandKitFiles = creative.table(
  'brand_kit_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandKitId: uuid('brand_kit_id')
      .notNull()
      .references(() => brandKits.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['logo', 'font'] }).notNull(),
    name: text('name').notNull(),
    storageKey: text('storage_key').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('brand_kit_files_kit_idx').on(t.brandKitId, t.kind)],
);

export const workbenches = creative.table(
  'workbenches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...owned,
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    ...stamps,
  },
  (t) => [
    ownedByOne('workbenches_one_owner'),
    index('workbenches_user_idx').on(t.ownerUserId, t.createdAt, t.id),
    index('workbenches_team_idx').on(t.teamId, t.createdAt, t.id),
  ],
);

export const projects = creative.table(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workbenchId: uuid('workbench_id')
      .notNull()
      .references(() => workbenches.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** A key of shared/src/creative/formats.ts, or `custom`. */
    format: text('format').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    templateId: uuid('template_id'),
    brandKitId: uuid('brand_kit_id').references(() => brandKits.id, { onDelete: 'set null' }),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    ...stamps,
  },
  (t) => [index('projects_workbench_idx').on(t.workbenchId, t.createdAt, t.id)],
);

/**
 * One design document per project (the JSON the studio edits). `revision` is the optimistic lock: an
 * update names the revision it started from, and a stale one is refused with 409.
 */
export const designDocuments = creative.table('design_documents', {
  projectId: uuid('project_id')
    .primaryKey()
    .references(() => projects.id, { onDelete: 'cascade' }),
  revision: integer('revision').notNull().default(1),
  document: jsonb('document').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Every revision a design document has had, for history and restore. */
export const designDocumentVersions = creative.table(
  'design_document_versions',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    document: jsonb('document').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.revision] })],
);

/**
 * Gallery templates (no owner, seeded by a migration) and private ones saved by Pro users and teams.
 * `document` is a design document the studio opens as a new project's first revision.
 */
export const templates = creative.table(
  'templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerUserId: uuid('owner_user_id'),
    teamId: uuid('team_id'),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    category: text('category').notNull(),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    format: text('format').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    document: jsonb('document').notNull(),
    /** Uses in the last 30 days, for the Trending view (refreshed by use). */
    uses: integer('uses').notNull().default(0),
    /** Editorial weight for the Recommended view. */
    featured: integer('featured').notNull().default(0),
    ...stamps,
  },
  (t) => [
    index('templates_category_idx').on(t.category),
    index('templates_owner_idx').on(t.ownerUserId),
    index('templates_team_idx').on(t.teamId),
  ],
);

/** Files in a project: uploaded, AI-generated or derived. The bytes are in `asset_versions`. */
export const assets = creative.table(
  'assets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['upload', 'generated', 'derived'] }).notNull(),
    name: text('name').notNull(),
    currentVersion: integer('current_version').notNull().default(1),
    createdBy: uuid('created_by'),
    /** Soft delete: purged with its files by the retention sweep after 7 days. */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    ...stamps,
  },
  (t) => [index('assets_project_idx').on(t.projectId, t.createdAt, t.id)],
);

/** Every edit of an asset is a new version; restoring an old one makes a newer copy of it. */
export const assetVersions = creative.table(
  'asset_versions',
  {
    assetId: uuid('asset_id')
      .notNull()
      .references(() => assets.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    storageKey: text('storage_key').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    width: integer('width'),
    height: integer('height'),
    /** Set by the thumbnail worker once it has made one. */
    thumbnailKey: text('thumbnail_key'),
    source: text('source', { enum: ['upload', 'generation', 'restore', 'edit'] }).notNull(),
    /** For generated assets: the generation and sample it came from (retention keeps selected ones). */
    generationId: uuid('generation_id'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.assetId, t.version] })],
);

/**
 * A presigned upload handed to a browser: what it may be (purpose, type, size) and where it goes.
 * One never completed is removed, with its object, by the retention sweep once it expires.
 */
export const uploads = creative.table(
  'uploads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull(),
    purpose: text('purpose', { enum: ['asset', 'asset_version', 'logo', 'font'] }).notNull(),
    /** The project (new asset), asset (new version) or brand kit the upload is for. */
    targetId: uuid('target_id').notNull(),
    name: text('name').notNull(),
    storageKey: text('storage_key').notNull(),
    contentType: text('content_type').notNull(),
    maxSize: bigint('max_size', { mode: 'number' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('uploads_pending_idx').on(t.expiresAt).where(sql`${t.completedAt} is null`)],
);
