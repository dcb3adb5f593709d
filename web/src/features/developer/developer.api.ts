import type { ApiClient } from '../../lib/api';
import { enc, query } from '../../lib/query';

/**
 * What an API key may do (shared/src/db/schema/developer.ts `apiScopes`; a test keeps the two equal).
 * Listed here rather than imported: the shared module also carries the database schema.
 */
export const apiScopes = [
  'generations:write',
  'generations:read',
  'assets:read',
  'assets:write',
  'projects:read',
  'projects:write',
  'webhooks:manage',
] as const;
export type ApiScope = (typeof apiScopes)[number];

/**
 * Scopes in the order of `apiScopes`, whatever order the server lists them in (chips read the same on
 * every key); a scope this version does not know yet goes last, in the server's order.
 */
export function orderScopes(scopes: readonly string[]): string[] {
  const rank = (s: string) => {
    const i = (apiScopes as readonly string[]).indexOf(s);
    return i === -1 ? apiScopes.length : i;
  };
  return scopes
    .map((s, i) => ({ s, i }))
    .sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i)
    .map(({ s }) => s);
}
export type ApiKeyBilling = 'credits' | 'metered';
export type ApiKeyState = 'active' | 'revoked' | 'expired';

/** A key as functions/developer shows it: never the secret, only its non-secret prefix. */
export interface ApiKey {
  id: string;
  name: string;
  /** `atl_live_<publicId>`: the start of the key, enough to recognise it. */
  prefix: string;
  scopes: ApiScope[];
  billing: ApiKeyBilling;
  state: ApiKeyState;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
}

export interface NewApiKey {
  name: string;
  scopes: ApiScope[];
  expiresInDays?: number;
  billing?: ApiKeyBilling;
}

export interface UsageDay {
  /** YYYY-MM-DD (UTC). */
  day: string;
  requests: number;
  generations: number;
}

export interface KeyUsage {
  keyId: string;
  name: string;
  prefix: string;
  requests: number;
  generations: number;
}

export interface Usage {
  /** Oldest first, every day of the window (today's live counts included). */
  days: UsageDay[];
  /** Totals over the window per key. */
  keys: KeyUsage[];
  /** This month's requests with the account's keys; `limit` 0 = no monthly quota. */
  quota: { limit: number; used: number; resetsAt: string };
  rateLimit: { perMinute: number };
}

/** functions/developer: API keys and their usage (only a signed-in person may call these). */
export const developerApi = (api: ApiClient) => ({
  keys: () => api.get<{ items: ApiKey[] }>('/v1/developer/keys'),
  createKey: (body: NewApiKey) => api.post<{ key: ApiKey; secret: string }>('/v1/developer/keys', body),
  revokeKey: (id: string) => api.delete<unknown>(`/v1/developer/keys/${enc(id)}`),
  usage: (days = 30) => api.get<Usage>(`/v1/developer/usage${query({ days })}`),
});
export type DeveloperApi = ReturnType<typeof developerApi>;
