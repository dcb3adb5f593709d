import * as z from 'zod';
import { CUSTOM_MAX_PX, CUSTOM_MIN_PX, formatIds } from '../creative/formats';
import { pageQuery } from '../http/pagination';
import { type ApiOperation, customSizeRule, idParams, pageOf, timestamp, uuid } from './common';
import { archivedQuery, name, search } from './workbenches';

// --- Requests (the workbenches function validates with these) -----------------------------------

const px = z
  .number()
  .int()
  .min(CUSTOM_MIN_PX, `must be at least ${CUSTOM_MIN_PX} px`)
  .max(CUSTOM_MAX_PX, `must be at most ${CUSTOM_MAX_PX} px`);
export const createProjectBody = z
  .strictObject({
    name,
    format: z.enum(formatIds).optional().describe("May be left out with a template: the template's is used"),
    width: px.optional().describe('Only with format `custom`'),
    height: px.optional().describe('Only with format `custom`'),
    templateId: uuid('a template id').optional(),
    brandKitId: uuid('a brand kit id').optional(),
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
  })
  .meta({
    allOf: [{ anyOf: [{ required: ['format'] }, { required: ['templateId'] }] }, ...customSizeRule],
    description:
      'A `format`, or a `templateId` whose format is used; a size (`width`, `height`) goes with format ' +
      '`custom` only, and `custom` needs one.',
  });
export const updateProjectBody = z
  .strictObject({ name: name.optional(), brandKitId: uuid('a brand kit id').nullable().optional() })
  .refine((b) => Object.keys(b).length > 0, 'send at least one field')
  .meta({ minProperties: 1 });
export const listProjectsQuery = z.strictObject({
  ...pageQuery,
  q: search.optional(),
  archived: archivedQuery,
});
/** GET /v1/projects: every project the caller can see, or one workbench's. */
export const listAllProjectsQuery = listProjectsQuery.extend({
  workbenchId: uuid('a workbench id').optional(),
});

// --- Responses (projects.service.ts `view`) -----------------------------------------------------

export const projectView = z.object({
  id: z.uuid(),
  workbenchId: z.uuid(),
  name: z.string(),
  format: z.enum(formatIds),
  width: z.number().int(),
  height: z.number().int(),
  templateId: z.uuid().nullable(),
  brandKitId: z.uuid().nullable(),
  archived: z.boolean(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const projectPage = pageOf(projectView);
export const projectSchemas = { Project: projectView, ProjectPage: projectPage };

// --- Operations ---------------------------------------------------------------------------------

const tag = 'Projects';
const project = { description: 'The project', schema: projectView };
const aPage = { description: 'A page of projects', schema: projectPage };

export const projectOperations: ApiOperation[] = [
  {
    operationId: 'listProjects',
    method: 'get',
    path: '/v1/projects',
    tag,
    summary: 'Every project the caller can see (newest first), or one workbench’s',
    query: listAllProjectsQuery,
    responses: { 200: aPage },
  },
  {
    operationId: 'createProject',
    method: 'post',
    path: '/v1/workbenches/:id/projects',
    tag,
    summary: 'Create a project in a workbench (blank or from a template)',
    params: idParams,
    body: createProjectBody,
    responses: { 201: { ...project, description: 'Created' } },
    errors: [409],
  },
  {
    operationId: 'listWorkbenchProjects',
    method: 'get',
    path: '/v1/workbenches/:id/projects',
    tag,
    summary: "A workbench's projects (newest first)",
    params: idParams,
    query: listProjectsQuery,
    responses: { 200: aPage },
  },
  {
    operationId: 'getProject',
    method: 'get',
    path: '/v1/projects/:id',
    tag,
    summary: 'Get a project',
    params: idParams,
    responses: { 200: project },
  },
  {
    operationId: 'updateProject',
    method: 'patch',
    path: '/v1/projects/:id',
    tag,
    summary: 'Rename a project or change its brand kit',
    params: idParams,
    body: updateProjectBody,
    responses: { 200: project },
  },
  {
    operationId: 'deleteProject',
    method: 'delete',
    path: '/v1/projects/:id',
    tag,
    summary: 'Delete a project with its document and assets',
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
  },
  {
    operationId: 'archiveProject',
    method: 'post',
    path: '/v1/projects/:id/archive',
    tag,
    summary: 'Archive a project',
    params: idParams,
    responses: { 200: project },
  },
  {
    operationId: 'restoreProject',
    method: 'post',
    path: '/v1/projects/:id/restore',
    tag,
    summary: 'Bring an archived project back',
    params: idParams,
    responses: { 200: project },
  },
];
