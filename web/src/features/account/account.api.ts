import type {
  AccountView,
  ApiClient,
  ConsentKind,
  Consents,
  DataExport,
  Language,
  PresignedUpload,
  Profile,
} from '../../lib/api';

export interface ProfilePatch {
  displayName?: string;
  username?: string | null;
  language?: Language;
  timezone?: string;
}

export const accountApi = (api: ApiClient) => ({
  me: () => api.get<Profile>('/v1/me'),
  update: (patch: ProfilePatch) => api.patch<Profile>('/v1/me', patch),
  account: () => api.get<AccountView>('/v1/me/account'),
  startPicture: (contentType: string, size: number) =>
    api.post<PresignedUpload & { key: string }>('/v1/me/picture/upload', { contentType, size }),
  completePicture: (key: string) => api.post<{ pictureUrl: string }>('/v1/me/picture/complete', { key }),
  deletePicture: () => api.delete<void>('/v1/me/picture'),
  consents: () => api.get<Consents>('/v1/me/consents'),
  setConsent: (kind: ConsentKind, granted: boolean, version?: string) =>
    api.put<Consents>(`/v1/me/consents/${kind}`, granted ? { granted, version } : { granted }),
  requestExport: () => api.post<{ id: string; status: string }>('/v1/me/export'),
  exports: () => api.get<{ items: DataExport[] }>('/v1/me/exports'),
  deleteAccount: (proof: { password: string; code?: string; recoveryCode?: string }) =>
    api.delete<void>('/v1/me', proof),
});
