import * as z from 'zod';
import { designDocument } from '../creative/design-document';
import { pageQuery } from '../http/pagination';
import { type ApiOperation, INT4_MAX, idParams, timestamp, uuid } from './common';

// --- Requests (the workbenches function validates with these) -----------------------------------

export const revisionParams = z.strictObject({
  id: uuid('an id'),
  revision: z.coerce.number().int().min(1, 'must be a revision number').max(INT4_MAX),
});
export const versionsQuery = z.strictObject({
  limit: pageQuery.limit,
  cursor: z.coerce
    .number()
    .int()
    .min(1)
    .max(INT4_MAX)
    .optional()
    .describe('The revision to list below (`nextCursor`)'),
});

const currentRevision = z
  .number()
  .int()
  .min(1, 'must be the revision you loaded')
  // The next revision is this one plus one.
  .max(INT4_MAX - 1)
  .describe('The revision you loaded: a stale one is refused with 409 `conflict`');
export const saveDocumentBody = z.strictObject({ revision: currentRevision, document: designDocument });
/** Restoring is a write too: it names the revision it replaces, like a save. */
export const restoreBody = z.strictObject({ revision: currentRevision });

// --- Responses (documents.service.ts) ---------------------------------------------------------------

export const documentView = z.object({
  projectId: z.uuid(),
  revision: z.number().int(),
  document: designDocument,
  updatedAt: timestamp,
  updatedBy: z.uuid().nullable(),
});
export const documentSaved = z.object({
  projectId: z.uuid(),
  revision: z.number().int().describe('The new revision'),
  updatedAt: timestamp,
});
export const revisionSummary = z.object({
  revision: z.number().int(),
  createdBy: z.uuid().nullable(),
  createdAt: timestamp,
});
export const revisionPage = z.object({
  items: z.array(revisionSummary),
  nextCursor: z.string().nullable().describe('The `cursor` of the next page; null on the last page'),
});
export const revisionView = z.object({
  projectId: z.uuid(),
  revision: z.number().int(),
  document: designDocument,
  createdAt: timestamp,
  createdBy: z.uuid().nullable(),
});

export const documentSchemas = {
  DesignDocument: designDocument,
  ProjectDocument: documentView,
  DocumentSaved: documentSaved,
  DocumentRevision: revisionView,
  DocumentRevisionSummary: revisionSummary,
  DocumentRevisionPage: revisionPage,
};

// --- Operations ---------------------------------------------------------------------------------

const tag = 'Design documents';
const saved = { description: 'Saved as a new revision', schema: documentSaved };

export const documentOperations: ApiOperation[] = [
  {
    operationId: 'getDocument',
    method: 'get',
    path: '/v1/projects/:id/document',
    tag,
    summary: "Get a project's design document and its revision",
    params: idParams,
    responses: { 200: { description: 'The document', schema: documentView } },
  },
  {
    operationId: 'saveDocument',
    method: 'put',
    path: '/v1/projects/:id/document',
    tag,
    summary: 'Replace the design document (optimistic concurrency by revision)',
    params: idParams,
    body: saveDocumentBody,
    responses: { 200: saved },
    errors: [409],
  },
  {
    operationId: 'listDocumentRevisions',
    method: 'get',
    path: '/v1/projects/:id/document/versions',
    tag,
    summary: "The document's revisions (newest first)",
    params: idParams,
    query: versionsQuery,
    responses: { 200: { description: 'A page of revisions', schema: revisionPage } },
  },
  {
    operationId: 'getDocumentRevision',
    method: 'get',
    path: '/v1/projects/:id/document/versions/:revision',
    tag,
    summary: 'One revision of the document',
    params: revisionParams,
    responses: { 200: { description: 'The revision', schema: revisionView } },
  },
  {
    operationId: 'restoreDocumentRevision',
    method: 'post',
    path: '/v1/projects/:id/document/versions/:revision/restore',
    tag,
    summary: 'Restore a revision (as a new revision)',
    params: revisionParams,
    body: restoreBody,
    responses: { 200: saved },
    errors: [409],
  },
];
