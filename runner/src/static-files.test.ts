import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isApiPath, serveWebApp } from './static-files';

describe('the web app as the gateway serves it', () => {
  let root: string;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'web-dist-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(root, 'sw.js'), 'self.x=1');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(root, 'assets', 'index-abc123.js.gz'), gzipSync('console.log(1)'));
    server = createServer((req, res) => {
      if (!serveWebApp(root, req, res, { storageOrigin: 'http://storage.test:9000' })) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"not_found"}}');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers client-side routes with index.html, never cached, with the security headers', async () => {
    for (const path of ['/', '/settings/profile', '/verify-email?token=abc', '/teams/accept?token=x']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('<title>app</title>');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      // Presigned uploads go from the browser straight to storage.
      expect(res.headers.get('content-security-policy')).toContain(
        "connect-src 'self' http://storage.test:9000;",
      );
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('leaves API paths to the platform: an unknown one is a JSON 404, not the app', async () => {
    for (const path of ['/v1', '/v1/nothing', '/.well-known/x', '/_/nope', '/function/x', '/dev/mail2']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json');
    }
    expect(isApiPath('/v1x')).toBe(false);
    expect(isApiPath('/developer')).toBe(false);
    expect(isApiPath('/device')).toBe(false);
  });

  it('caches hashed assets for a year, gzipped for browsers that accept it', async () => {
    const res = await fetch(`${url}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toBe('accept-encoding');
    expect(await res.text()).toBe('console.log(1)'); // fetch decompresses
  });

  it('revalidates the service worker and answers 304 to a matching ETag', async () => {
    const first = await fetch(`${url}/sw.js`);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const etag = first.headers.get('etag')!;
    const again = await fetch(`${url}/sw.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('is 404 for a missing asset (an old page must not get HTML for a script) and for escapes', async () => {
    expect((await fetch(`${url}/assets/gone-123.js`)).status).toBe(404);
    expect((await fetch(`${url}/icons/nope.png`)).status).toBe(404);
    expect((await fetch(`${url}/..%2f..%2fetc%2fpasswd`)).status).not.toBe(500);
    const traversal = await fetch(`${url}/%2e%2e/%2e%2e/etc/passwd`);
    expect(await traversal.text()).not.toContain('root:');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await fetch(`${url}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await fetch(`${url}/`, { method: 'POST' })).status).toBe(404);
  });
});
