import { formatIds } from '@atelier/shared/creative/formats';
import { templateCategories } from '@atelier/shared/creative/template-categories';
import { pageQuery } from '@atelier/shared/http/pagination';
import * as z from 'zod';

export const templateViews = ['all', 'trending', 'new', 'recommended'] as const;
export type TemplateView = (typeof templateViews)[number];

/** Tags are lower-case words or short phrases ("black friday", "q&a"). */
const tag = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} &'-]{0,31}$/u, "must be 1–32 letters, digits, spaces, &, ' or -");

export const idParams = z.strictObject({ id: z.uuid('must be a template id') });

export const listQuery = z.strictObject({
  limit: pageQuery.limit,
  // A cursor carries the sort key, and a name can be 100 characters.
  cursor: z.string().max(1_000).optional(),
  view: z.enum(templateViews).default('all'),
  category: z.enum(templateCategories).optional(),
  tag: tag.optional(),
  format: z.enum(formatIds).optional(),
  q: z.string().trim().min(1, 'must not be empty').max(100).optional(),
  /** Only the caller's own and their teams' templates, not the gallery. */
  mine: z.enum(['true', 'false']).default('false'),
  /** Only this team's templates (the caller must be in it). */
  teamId: z.uuid('must be a team id').optional(),
  /** `document`: include each template's design document (for gallery previews). */
  include: z.enum(['document']).optional(),
});
export type ListQuery = z.infer<typeof listQuery>;

export const saveBody = z.strictObject({
  projectId: z.uuid('must be a project id'),
  name: z.string().trim().min(1, 'must not be empty').max(100),
  description: z.string().trim().max(500).optional(),
  category: z.enum(templateCategories),
  tags: z
    .array(tag)
    .max(10, 'must have at most 10 tags')
    .transform((t) => [...new Set(t)])
    .optional(),
  /** Set: a template of this team (Editor or above); omitted: the caller's own. */
  teamId: z.uuid('must be a team id').optional(),
});
export type SaveBody = z.infer<typeof saveBody>;
