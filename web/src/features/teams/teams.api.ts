import type { ApiClient, Team, TeamRole, TeamSummary } from '../../lib/api';

export type InvitableRole = Exclude<TeamRole, 'owner'>;

export const teamsApi = (api: ApiClient) => ({
  list: () => api.get<{ items: TeamSummary[] }>('/v1/teams'),
  create: (name: string) => api.post<TeamSummary>('/v1/teams', { name }),
  get: (id: string) => api.get<Team>(`/v1/teams/${encodeURIComponent(id)}`),
  invite: (id: string, email: string, role: InvitableRole) =>
    api.post<{ status: string }>(`/v1/teams/${encodeURIComponent(id)}/invitations`, { email, role }),
  changeRole: (id: string, userId: string, role: InvitableRole) =>
    api.patch<void>(`/v1/teams/${encodeURIComponent(id)}/members/${encodeURIComponent(userId)}`, { role }),
  remove: (id: string, userId: string) =>
    api.delete<void>(`/v1/teams/${encodeURIComponent(id)}/members/${encodeURIComponent(userId)}`),
  leave: (id: string) => api.post<void>(`/v1/teams/${encodeURIComponent(id)}/leave`),
  accept: (token: string) =>
    api.post<{ teamId: string; role: TeamRole }>('/v1/teams/invitations/accept', { token }),
});
