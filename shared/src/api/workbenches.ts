import * as z from 'zod';
import { pageQuery } from '../http/pagination';
import { type ApiOperation, idParams, pageOf, timestamp, uuid } from './common';

// --- Requests (the workbenches function validates with these) -----------------------------------

export const name = z.string().trim().min(1, 'must not be empty').max(100);
const description = z.string().trim().max(1000);
export const search = z.string().trim().min(1).max(100).describe('Part of the name, case-insensitive');
/** `false` (default): active ones; `true`: the archived ones only. */
export const archivedQuery = z
  .enum(['true', 'false'])
  .default('false')
  .describe('`true` lists the archived ones only');

export const createWorkbenchBody = z.strictObject({
  name,
  description: description.optional(),
  teamId: uuid('a team id')
    .optional()
    .describe("Omitted: the caller's own workbench; set: the team's (needs Editor or above)"),
});
export const updateWorkbenchBody = z
  .strictObject({ name: name.optional(), description: description.optional() })
  .refine((b) => Object.keys(b).length > 0, 'send at least one field')
  .meta({ minProperties: 1 });
export const listWorkbenchesQuery = z.strictObject({
  ...pageQuery,
  teamId: uuid('a team id').optional(),
  q: search.optional(),
  archived: archivedQuery,
});

// --- Responses (workbenches.service.ts `view`) --------------------------------------------------

export const workbenchView = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  ownerUserId: z.uuid().nullable().describe("Set for a person's own workbench"),
  teamId: z.uuid().nullable().describe("Set for a team's workbench"),
  archived: z.boolean(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  projectCount: z.number().int().optional(),
});

export const workbenchPage = pageOf(workbenchView);
export const workbenchSchemas = { Workbench: workbenchView, WorkbenchPage: workbenchPage };

// --- Operations ---------------------------------------------------------------------------------

const tag = 'Workbenches';
const workbench = { description: 'The workbench', schema: workbenchView };

export const workbenchOperations: ApiOperation[] = [
  {
    operationId: 'createWorkbench',
    method: 'post',
    path: '/v1/workbenches',
    tag,
    summary: 'Create a workbench',
    body: createWorkbenchBody,
    responses: { 201: { ...workbench, description: 'Created' } },
  },
  {
    operationId: 'listWorkbenches',
    method: 'get',
    path: '/v1/workbenches',
    tag,
    summary: "The caller's workbenches and their teams' (newest first)",
    query: listWorkbenchesQuery,
    responses: { 200: { description: 'A page of workbenches', schema: workbenchPage } },
  },
  {
    operationId: 'getWorkbench',
    method: 'get',
    path: '/v1/workbenches/:id',
    tag,
    summary: 'Get a workbench',
    params: idParams,
    responses: { 200: workbench },
  },
  {
    operationId: 'updateWorkbench',
    method: 'patch',
    path: '/v1/workbenches/:id',
    tag,
    summary: 'Rename a workbench or change its description',
    params: idParams,
    body: updateWorkbenchBody,
    responses: { 200: workbench },
  },
  {
    operationId: 'deleteWorkbench',
    method: 'delete',
    path: '/v1/workbenches/:id',
    tag,
    summary: 'Delete a workbench and its projects',
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
  },
  {
    operationId: 'archiveWorkbench',
    method: 'post',
    path: '/v1/workbenches/:id/archive',
    tag,
    summary: 'Archive a workbench',
    params: idParams,
    responses: { 200: workbench },
  },
  {
    operationId: 'restoreWorkbench',
    method: 'post',
    path: '/v1/workbenches/:id/restore',
    tag,
    summary: 'Bring an archived workbench back',
    params: idParams,
    responses: { 200: workbench },
  },
];
