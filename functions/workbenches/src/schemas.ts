import { designDocument } from '@atelier/shared/creative/design-document';
import { CUSTOM_MAX_PX, CUSTOM_MIN_PX, formatIds } from '@atelier/shared/creative/formats';
import { pageQuery } from '@atelier/shared/http/pagination';
import * as z from 'zod';

const name = z.string().trim().min(1, 'must not be empty').max(100);
const description = z.string().trim().max(1000);
const search = z.string().trim().min(1).max(100);
/** `false` (default): active ones; `true`: the archived ones only. */
const archived = z.enum(['true', 'false']).default('false');

export const idParams = z.strictObject({ id: z.uuid('must be an id') });

export const createWorkbenchBody = z.strictObject({
  name,
  description: description.optional(),
  /** Omitted: the caller's own workbench; set: the team's (needs Editor or above). */
  teamId: z.uuid('must be a team id').optional(),
});
export const updateWorkbenchBody = z
  .strictObject({ name: name.optional(), description: description.optional() })
  .refine((b) => Object.keys(b).length > 0, 'send at least one field');
export const listWorkbenchesQuery = z.strictObject({
  ...pageQuery,
  teamId: z.uuid('must be a team id').optional(),
  q: search.optional(),
  archived,
});

const px = z
  .number()
  .int()
  .min(CUSTOM_MIN_PX, `must be at least ${CUSTOM_MIN_PX} px`)
  .max(CUSTOM_MAX_PX, `must be at most ${CUSTOM_MAX_PX} px`);
export const createProjectBody = z
  .strictObject({
    name,
    /** May be left out when starting from a template: the template's format is used. */
    format: z.enum(formatIds).optional(),
    /** Only with format `custom` (the named formats have their own size). */
    width: px.optional(),
    height: px.optional(),
    templateId: z.uuid('must be a template id').optional(),
    brandKitId: z.uuid('must be a brand kit id').optional(),
  })
  .superRefine((b, ctx) => {
    if (!b.format && !b.templateId)
      ctx.addIssue({
        code: 'custom',
        path: ['format'],
        message: 'is required (unless starting from a template)',
      });
    for (const side of ['width', 'height'] as const) {
      if (b.format === 'custom' && b[side] === undefined)
        ctx.addIssue({ code: 'custom', path: [side], message: 'is required for a custom format' });
      if (b.format && b.format !== 'custom' && b[side] !== undefined)
        ctx.addIssue({ code: 'custom', path: [side], message: 'only a custom format takes a size' });
    }
  });
export const updateProjectBody = z
  .strictObject({ name: name.optional(), brandKitId: z.uuid('must be a brand kit id').nullable().optional() })
  .refine((b) => Object.keys(b).length > 0, 'send at least one field');
export const listProjectsQuery = z.strictObject({ ...pageQuery, q: search.optional(), archived });

export const revisionParams = z.strictObject({
  id: z.uuid('must be an id'),
  revision: z.coerce.number().int().min(1, 'must be a revision number'),
});
export const versionsQuery = z.strictObject({
  limit: pageQuery.limit,
  /** The revision to list below (from `nextCursor`). */
  cursor: z.coerce.number().int().min(1).optional(),
});

const currentRevision = z.number().int().min(1, 'must be the revision you loaded');
export const saveDocumentBody = z.strictObject({ revision: currentRevision, document: designDocument });
/** Restoring is a write too: it names the revision it replaces, like a save. */
export const restoreBody = z.strictObject({ revision: currentRevision });
/** GET /v1/projects: every project the caller can see, or one workbench's. */
export const listAllProjectsQuery = listProjectsQuery.extend({
  workbenchId: z.uuid('must be a workbench id').optional(),
});
