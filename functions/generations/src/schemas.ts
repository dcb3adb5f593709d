import { CUSTOM_MAX_PX, CUSTOM_MIN_PX, formatIds } from '@atelier/shared/creative/formats';
import { pageQuery } from '@atelier/shared/http/pagination';
import * as z from 'zod';

/** PRODUCT.md §4: a prompt is at most 4,000 characters. */
export const PROMPT_MAX = 4000;
const px = z.number().int().min(CUSTOM_MIN_PX).max(CUSTOM_MAX_PX);
const shortText = z.string().trim().min(1).max(60);

export const createBody = z
  .strictObject({
    projectId: z.uuid('must be a project id'),
    prompt: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(PROMPT_MAX, `must be at most ${PROMPT_MAX} characters`),
    format: z.enum(formatIds).optional(),
    width: px.optional(),
    height: px.optional(),
    brandKitId: z.uuid('must be a brand kit id').optional(),
    style: shortText.optional(),
    tone: shortText.optional(),
    inputAssetIds: z.array(z.uuid('must be asset ids')).max(4).optional(),
  })
  .superRefine((body, ctx) => {
    const sized = body.width !== undefined || body.height !== undefined;
    if (body.format === 'custom' && (body.width === undefined || body.height === undefined))
      ctx.addIssue({ code: 'custom', path: ['width'], message: 'a custom format needs width and height' });
    if (sized && body.format !== 'custom')
      ctx.addIssue({ code: 'custom', path: ['format'], message: 'width and height go with format "custom"' });
  });
export type CreateBody = z.infer<typeof createBody>;

export const selectBody = z.strictObject({
  sampleId: z.uuid('must be a sample id'),
  quality: z.enum(['standard', 'high']),
});

export const idParams = z.strictObject({ id: z.uuid('must be a generation id') });
export const listQuery = z.strictObject({ projectId: z.uuid('must be a project id'), ...pageQuery });
export const quoteQuery = z.strictObject({ projectId: z.uuid('must be a project id') });
