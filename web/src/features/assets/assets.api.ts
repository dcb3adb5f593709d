import type { ApiClient, Asset, AssetVersion, Page, PresignedUpload } from '../../lib/api';
import { enc, query } from '../../lib/query';

type Upload = PresignedUpload & { uploadId: string };

/** functions/assets: a project's assets, their versions, presigned uploads and downloads. */
export const assetsApi = (api: ApiClient) => ({
  list: (projectId: string, q?: string, cursor?: string) =>
    api.get<Page<Asset>>(`/v1/assets${query({ projectId, q, cursor, limit: 24 })}`),
  get: (id: string) => api.get<Asset>(`/v1/assets/${enc(id)}`),
  startUpload: (projectId: string, file: File) =>
    api.post<Upload>('/v1/assets/uploads', {
      projectId,
      name: file.name,
      contentType: file.type,
      size: file.size,
    }),
  startVersionUpload: (id: string, file: File) =>
    api.post<Upload>(`/v1/assets/${enc(id)}/versions/uploads`, { contentType: file.type, size: file.size }),
  complete: (uploadId: string) => api.post<Asset>(`/v1/assets/uploads/${enc(uploadId)}/complete`),
  rename: (id: string, name: string) => api.patch<Asset>(`/v1/assets/${enc(id)}`, { name }),
  remove: (id: string) => api.delete<void>(`/v1/assets/${enc(id)}`),
  versions: (id: string, cursor?: string) =>
    api.get<Page<AssetVersion>>(`/v1/assets/${enc(id)}/versions${query({ cursor })}`),
  restore: (id: string, version: number) =>
    api.post<Asset>(`/v1/assets/${enc(id)}/versions/${version}/restore`),
  download: (id: string, version?: number) =>
    api.get<{ url: string; expiresAt: string }>(`/v1/assets/${enc(id)}/download${query({ version })}`),
});
