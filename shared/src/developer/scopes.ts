import type { ApiScope } from '../db/schema/developer';

export { type ApiScope, apiScopes } from '../db/schema/developer';

const reading = (method: string) => method === 'GET' || method === 'HEAD';

/** Public API areas: a path prefix and the scopes that read and change it. */
const areas: Array<{ prefix: string; read: ApiScope; write: ApiScope }> = [
  { prefix: '/v1/generations', read: 'generations:read', write: 'generations:write' },
  { prefix: '/v1/projects', read: 'projects:read', write: 'projects:write' },
  // Projects live in workbenches: listing them and creating a project go through the workbench.
  { prefix: '/v1/workbenches', read: 'projects:read', write: 'projects:write' },
  { prefix: '/v1/assets', read: 'assets:read', write: 'assets:write' },
  { prefix: '/v1/developer/webhooks', read: 'webhooks:manage', write: 'webhooks:manage' },
];

const under = (path: string, prefix: string) =>
  path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`);

/**
 * The scope an API key needs for a request, or null when API keys may not call the route at all
 * (account, billing, keys, teams: only a signed-in person may). One rule by path for every function,
 * so a new route under a public prefix is covered the day it is added.
 */
export function scopeFor(method: string, path: string): ApiScope | null {
  const area = areas.find((a) => under(path, a.prefix));
  if (!area) return null;
  return reading(method.toUpperCase()) ? area.read : area.write;
}

/** The public API's path prefixes (the OpenAPI document covers every route under them). */
export const publicPrefixes = areas.map((a) => a.prefix);
