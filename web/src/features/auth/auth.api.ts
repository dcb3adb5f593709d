import type {
  ApiClient,
  Language,
  MfaChallenge,
  MfaSetup,
  OidcConfig,
  Session,
  SignedIn,
} from '../../lib/api';

const anon = { auth: false };

export const authApi = (api: ApiClient) => ({
  register: (body: { email: string; password: string; displayName?: string; language?: Language }) =>
    api.post<{ status: string }>('/v1/auth/register', body, anon),
  verifyEmail: (token: string) => api.post<{ status: string }>('/v1/auth/verify-email', { token }, anon),
  resendVerification: (email: string) =>
    api.post<{ status: string }>('/v1/auth/resend-verification', { email }, anon),
  login: (email: string, password: string) =>
    api.post<SignedIn | MfaChallenge>('/v1/auth/login', { email, password }, anon),
  verifyMfa: (challengeToken: string, proof: { code?: string; recoveryCode?: string }) =>
    api.post<SignedIn>('/v1/auth/mfa/verify', { challengeToken, ...proof }, anon),
  forgotPassword: (email: string) => api.post('/v1/auth/password/forgot', { email }, anon),
  resetPassword: (token: string, password: string) =>
    api.post('/v1/auth/password/reset', { token, password }, anon),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<void>('/v1/auth/password/change', { currentPassword, newPassword }),
  logout: () => api.post<void>('/v1/auth/logout'),
  logoutEverywhere: () => api.post<void>('/v1/auth/logout-all'),
  sessions: () => api.get<{ items: Session[] }>('/v1/auth/sessions'),
  revokeSession: (id: string) => api.delete<void>(`/v1/auth/sessions/${encodeURIComponent(id)}`),
  mfaSetup: () => api.post<MfaSetup>('/v1/auth/mfa/setup'),
  mfaConfirm: (code: string) => api.post<{ recoveryCodes: string[] }>('/v1/auth/mfa/confirm', { code }),
  mfaDisable: (proof: { code?: string; recoveryCode?: string }) =>
    api.post<void>('/v1/auth/mfa/disable', proof),
  oidcConfig: () => api.get<OidcConfig>('/v1/auth/oidc/config', anon),
});

/** Where the external sign-in starts: a full-page navigation, the provider takes over from there. */
export const oidcStartUrl = (returnTo = '/') =>
  `/v1/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`;

/** A 6-digit entry is an authenticator code; anything longer is a recovery code. */
export function secondFactorProof(input: string): { code?: string; recoveryCode?: string } {
  const v = input.trim();
  return /^\d{6}$/.test(v.replace(/\s/g, '')) ? { code: v.replace(/\s/g, '') } : { recoveryCode: v };
}
