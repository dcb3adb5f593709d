import { vi } from 'vitest';

/** A JSON answer (or an empty 204). */
export const json = (status: number, body?: unknown) =>
  status === 204 ? new Response(null, { status }) : new Response(JSON.stringify(body), { status });

export type FakeRoute = (body: unknown) => Response;

/**
 * A fake /v1 in place of `fetch`: answers by `"METHOD /path"` with what the test sets (404 in the API's
 * error format otherwise) and records every call with its parsed JSON body.
 */
export function serve(routes: Record<string, FakeRoute>) {
  const calls: Array<{ method: string; path: string; body: unknown }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const path = new URL(url, 'http://x').pathname;
      const method = init.method ?? 'GET';
      const body = init.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, path, body });
      const route = routes[`${method} ${path}`];
      return route ? route(body) : json(404, { error: { code: 'not_found', message: 'no' } });
    }),
  );
  return calls;
}
