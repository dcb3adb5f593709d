import type { ApiClient, BrandColour, BrandKit, Page, PresignedUpload } from '../../lib/api';
import { enc, query } from '../../lib/query';

export interface KitFields {
  name: string;
  colours: BrandColour[];
  tone: string;
  isDefault: boolean;
}
export type KitFileKind = 'logo' | 'font';

/** functions/assets' brand kits (Pro and above: 403 plan_required on Free). */
export const brandKitsApi = (api: ApiClient) => ({
  list: (teamId?: string, cursor?: string) =>
    api.get<Page<BrandKit>>(`/v1/brand-kits${query({ teamId, cursor })}`),
  create: (fields: Partial<KitFields> & { name: string; teamId?: string }) =>
    api.post<BrandKit>('/v1/brand-kits', fields),
  get: (id: string) => api.get<BrandKit>(`/v1/brand-kits/${enc(id)}`),
  update: (id: string, fields: Partial<KitFields>) =>
    api.patch<BrandKit>(`/v1/brand-kits/${enc(id)}`, fields),
  remove: (id: string) => api.delete<void>(`/v1/brand-kits/${enc(id)}`),
  startFile: (id: string, kind: KitFileKind, file: File, contentType: string) =>
    api.post<PresignedUpload & { uploadId: string }>(`/v1/brand-kits/${enc(id)}/files/uploads`, {
      kind,
      name: file.name,
      contentType,
      size: file.size,
    }),
  completeFile: (id: string, uploadId: string) =>
    api.post<BrandKit>(`/v1/brand-kits/${enc(id)}/files/complete`, { uploadId }),
  removeFile: (id: string, fileId: string) =>
    api.delete<void>(`/v1/brand-kits/${enc(id)}/files/${enc(fileId)}`),
});
