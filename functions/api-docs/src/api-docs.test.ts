import { publicPrefixes } from '@atelier/shared/developer/scopes';
import { validate } from '@readme/openapi-parser';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../runner/src/test-support/platform';
import { createApp as assetsApp } from '../../assets/src/app';
import { createApp as generationsApp } from '../../generations/src/app';
import { createApp as webhooksApp } from '../../webhooks/src/app';
import { createApp as workbenchesApp } from '../../workbenches/src/app';

/**
 * Stands in for every dependency: building an app only registers its routes (connections are used per
 * request), so the route list is read without a database.
 */
const anything: never = new Proxy(() => {}, {
  get: (_target, key) => (key === 'then' ? undefined : anything),
  apply: () => anything,
}) as never;

/** The public functions: every route they register under a public prefix must be documented. */
const publicApps: Array<[string, Hono]> = [
  ['generations', generationsApp(anything)],
  ['workbenches', workbenchesApp(anything)],
  ['assets', assetsApp(anything)],
  ['webhooks', webhooksApp(anything)],
];

const isPublic = (path: string) =>
  publicPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

/** `GET /v1/projects/{id}` for every route the apps answer (middleware and wildcards left out). */
function registeredRoutes(): string[] {
  const routes = new Set<string>();
  for (const [, app] of publicApps) {
    for (const r of app.routes) {
      if (r.method === 'ALL' || r.path.includes('*') || !isPublic(r.path)) continue;
      routes.add(`${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    }
  }
  return [...routes].sort();
}

type Document = { openapi: string; paths: Record<string, Record<string, unknown>> };

function documentedRoutes(doc: Document): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

describe('the OpenAPI document and the docs page', () => {
  let p: TestPlatform;
  let doc: Document;
  beforeAll(async () => {
    p = await startTestPlatform();
    const res = await fetch(`${p.url}/v1/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    doc = (await res.json()) as Document;
  });
  afterAll(() => p?.stop());

  it('documents every route the public functions register, and nothing they do not', () => {
    const registered = registeredRoutes();
    // The apps are read for real: a broken stand-in would list nothing and prove nothing.
    expect(registered.length).toBeGreaterThan(40);
    const documented = documentedRoutes(doc);
    expect(
      registered.filter((r) => !documented.includes(r)),
      'routes missing from the document',
    ).toEqual([]);
    expect(
      documented.filter((r) => !registered.includes(r)),
      'documented routes nobody serves',
    ).toEqual([]);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? [] : result.errors, 'validation errors').toEqual([]);
  });

  it('is public, cacheable and readable from any origin', async () => {
    const res = await fetch(`${p.url}/v1/openapi.json`, { headers: { origin: 'https://example.com' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const etag = res.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const again = await fetch(`${p.url}/v1/openapi.json`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('serves an HTML docs page whose scripts and styles all come from our own origin', async () => {
    const res = await fetch(`${p.url}/v1/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    const html = await res.text();
    // No inline script: everything the page runs is a file from this origin.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const links = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThanOrEqual(3);
    const origin = new URL(p.url).origin;
    for (const link of links) {
      const url = new URL(link, `${p.url}/v1/docs`);
      expect(url.origin, link).toBe(origin);
      const file = await fetch(url);
      expect(file.status, url.pathname).toBe(200);
      expect(file.headers.get('content-type'), url.pathname).toMatch(/^text\/(javascript|css)/);
      expect((await file.text()).length, url.pathname).toBeGreaterThan(100);
    }
    // The start script points Swagger UI at the document next to the page.
    const start = await (await fetch(`${p.url}/v1/docs/start.js`)).text();
    expect(start).toContain("'openapi.json'");
  });
});
