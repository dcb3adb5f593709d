import * as z from 'zod';
import { defineEvent } from '../define';

const owner = { ownerUserId: z.uuid().nullable(), teamId: z.uuid().nullable() };

/** The thumbnail worker consumes this; a restore or a new upload is a new version like the first. */
export const assetVersionCreated = defineEvent(
  'dev.atelier.creative.asset.version_created.v1',
  z.object({
    assetId: z.uuid(),
    projectId: z.uuid(),
    version: z.number().int().positive(),
    contentType: z.string().max(100),
    size: z.number().int().nonnegative(),
    source: z.enum(['upload', 'generation', 'restore', 'edit']),
    createdBy: z.uuid().nullable(),
    ...owner,
  }),
  {
    description:
      'An asset has a new version (first upload, new upload, restore, edit, or a generated final) in storage.',
    producers: ['assets', 'generation-worker'],
  },
);

export const assetThumbnailReady = defineEvent(
  'dev.atelier.creative.asset.thumbnail_ready.v1',
  z.object({
    assetId: z.uuid(),
    version: z.number().int().positive(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
  }),
  {
    description: "A version's thumbnail (WebP, at most 320 px a side) is in storage.",
    producers: ['thumbnails'],
  },
);

export const assetDeleted = defineEvent(
  'dev.atelier.creative.asset.deleted.v1',
  z.object({ assetId: z.uuid(), projectId: z.uuid(), deletedBy: z.uuid(), ...owner }),
  {
    description: 'An asset was deleted (soft: the retention sweep purges it and its files after 7 days).',
    producers: ['assets'],
  },
);

const sweptCounts = z.object({
  count: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
});

/** What one retention sweep removed, per rule (docs/assets.md): rows counted, bytes freed in storage. */
export const retentionSwept = defineEvent(
  'dev.atelier.creative.retention.swept.v1',
  z.object({
    at: z.iso.datetime(),
    freeExpiredFiles: sweptCounts,
    deletedAssets: sweptCounts,
    expiredUploads: sweptCounts,
    total: sweptCounts,
  }),
  {
    description: 'A retention sweep ran and removed what had expired (counts and bytes per rule).',
    producers: ['creative-sweeper'],
  },
);
