import type { AccountView, ApiClient, Page, Team } from '../../lib/api';
import { enc, query } from '../../lib/query';

/** A comment on a project or one of its layers (functions/collab, docs/collaboration.md). */
export interface Comment {
  id: string;
  projectId: string;
  layerId: string | null;
  authorId: string;
  body: string;
  /** User ids the @mentions resolved to. */
  mentions: string[];
  resolvedAt: string | null;
  resolvedBy: string | null;
  createdAt: string;
}

export const canvasApi = (api: ApiClient) => ({
  comments: (projectId: string, cursor?: string) =>
    api.get<Page<Comment>>(`/v1/comments${query({ projectId, cursor, limit: 20 })}`),
  addComment: (projectId: string, body: string, layerId: string | null) =>
    api.post<Comment>('/v1/comments', { projectId, body, layerId }),
  resolve: (id: string) => api.post<Comment>(`/v1/comments/${enc(id)}/resolve`),
  remove: (id: string) => api.delete<void>(`/v1/comments/${enc(id)}`),
  account: () => api.get<AccountView>('/v1/me/account'),
  team: (id: string) => api.get<Team>(`/v1/teams/${enc(id)}`),
});
export type CanvasApi = ReturnType<typeof canvasApi>;
