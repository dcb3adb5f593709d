import type {
  ApiClient,
  DesignDocument,
  DocumentRevision,
  DocumentState,
  FormatId,
  Page,
  Project,
  Workbench,
} from '../../lib/api';
import { enc, query } from '../../lib/query';

export interface WorkbenchQuery {
  q?: string;
  teamId?: string;
  archived?: boolean;
  cursor?: string;
}
export interface NewProject {
  name: string;
  format?: FormatId;
  width?: number;
  height?: number;
  templateId?: string;
}

/** functions/workbenches: workbenches, their projects, and each project's design document. */
export const workbenchesApi = (api: ApiClient) => ({
  list: (q: WorkbenchQuery) => api.get<Page<Workbench>>(`/v1/workbenches${query({ ...q, limit: 20 })}`),
  create: (name: string, teamId?: string) => api.post<Workbench>('/v1/workbenches', { name, teamId }),
  get: (id: string) => api.get<Workbench>(`/v1/workbenches/${enc(id)}`),
  rename: (id: string, name: string) => api.patch<Workbench>(`/v1/workbenches/${enc(id)}`, { name }),
  setArchived: (id: string, archived: boolean) =>
    api.post<Workbench>(`/v1/workbenches/${enc(id)}/${archived ? 'archive' : 'restore'}`),

  projects: (workbenchId: string, q: { q?: string; archived?: boolean; cursor?: string }) =>
    api.get<Page<Project>>(`/v1/workbenches/${enc(workbenchId)}/projects${query({ ...q, limit: 20 })}`),
  createProject: (workbenchId: string, p: NewProject) =>
    api.post<Project>(`/v1/workbenches/${enc(workbenchId)}/projects`, p),
  project: (id: string) => api.get<Project>(`/v1/projects/${enc(id)}`),
  renameProject: (id: string, name: string) => api.patch<Project>(`/v1/projects/${enc(id)}`, { name }),
  setProjectArchived: (id: string, archived: boolean) =>
    api.post<Project>(`/v1/projects/${enc(id)}/${archived ? 'archive' : 'restore'}`),

  document: (projectId: string) => api.get<DocumentState>(`/v1/projects/${enc(projectId)}/document`),
  revisions: (projectId: string, cursor?: string) =>
    api.get<Page<DocumentRevision>>(`/v1/projects/${enc(projectId)}/document/versions${query({ cursor })}`),
  revision: (projectId: string, revision: number) =>
    api.get<{ revision: number; document: DesignDocument }>(
      `/v1/projects/${enc(projectId)}/document/versions/${revision}`,
    ),
  /** `current` is the revision being replaced: a stale one is 409, as for a save. */
  restoreRevision: (projectId: string, revision: number, current: number) =>
    api.post<{ revision: number }>(`/v1/projects/${enc(projectId)}/document/versions/${revision}/restore`, {
      revision: current,
    }),
});
