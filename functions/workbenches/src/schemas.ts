/**
 * The request schemas of workbenches, projects and design documents are part of the public API's
 * contract (shared/src/api), from which its OpenAPI document is generated: one definition validates
 * requests and describes them.
 */
export { idParams } from '@atelier/shared/api/common';
export { restoreBody, revisionParams, saveDocumentBody, versionsQuery } from '@atelier/shared/api/documents';
export {
  createProjectBody,
  listAllProjectsQuery,
  listProjectsQuery,
  updateProjectBody,
} from '@atelier/shared/api/projects';
export {
  createWorkbenchBody,
  listWorkbenchesQuery,
  updateWorkbenchBody,
} from '@atelier/shared/api/workbenches';
