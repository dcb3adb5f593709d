// npm run bench:web — the JavaScript (and CSS) each first screen of the web app downloads, gzipped.
// A budget report, never a failing test: the target is < 200 kB of gzipped JS for the first screen.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { repoRoot } from '../runner/src/build';
import { serveWebApp } from '../runner/src/static-files';
import { buildWeb } from '../runner/src/web-build';

const TARGET_KB = 200;
const dist = join(repoRoot, 'web', 'dist');
const user = { id: 'u1', email: 'ada@example.com', emailVerified: true };

/** Just enough API for each screen to render: signed out, or signed in with a profile. */
function stubApi(signedIn: boolean) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? '').split('?')[0];
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
      return true;
    };
    if (path === '/v1/auth/refresh')
      return signedIn
        ? send(200, { accessToken: 't', accessTokenExpiresAt: '', sessionId: 's', user })
        : send(401, { error: { code: 'invalid_token', message: '' } });
    if (path === '/v1/auth/oidc/config') return send(200, { enabled: false });
    if (path === '/v1/me')
      return send(200, {
        ...user,
        displayName: 'Ada',
        username: null,
        language: 'en-US',
        timezone: 'UTC',
        mfaEnabled: false,
        notifications: {},
        createdAt: new Date().toISOString(),
      });
    return false;
  };
}

async function measure(screen: string, path: string, signedIn: boolean) {
  const api = stubApi(signedIn);
  const server = createServer((req, res) => {
    if (api(req, res) || serveWebApp(dist, req, res)) return;
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const files = new Map<string, string>();
  const page = await browser.newPage();
  page.on('response', (r) => {
    const type = r.request().resourceType();
    const p = new URL(r.url()).pathname;
    if ((type === 'script' || type === 'stylesheet') && r.status() === 200) files.set(p, type);
  });
  await page.goto(`${url}${path}`, { waitUntil: 'networkidle' });
  await page.getByRole('heading', { level: 1 }).waitFor();
  await browser.close();
  server.close();
  const rows = [...files].map(([p, type]) => {
    const raw = readFileSync(join(dist, p));
    return { file: p, type, raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
  });
  const js = rows.filter((r) => r.type === 'script');
  const css = rows.filter((r) => r.type === 'stylesheet');
  const sum = (rs: typeof rows, k: 'raw' | 'gzip') => rs.reduce((n, r) => n + r[k], 0);
  return {
    screen,
    path,
    js: js.length,
    jsRaw: sum(js, 'raw'),
    jsGzip: sum(js, 'gzip'),
    cssGzip: sum(css, 'gzip'),
  };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
console.log(buildWeb(repoRoot) === 'built' ? 'built web/dist' : 'web/dist is up to date');
const results = [
  await measure('sign-in (signed out)', '/', false),
  await measure('dashboard (signed in)', '/', true),
];
console.log('\n| first screen | JS files | JS raw | JS gzipped | CSS gzipped | target |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  const verdict = r.jsGzip < TARGET_KB * 1024 ? 'met' : '**missed**';
  console.log(
    `| ${r.screen} | ${r.js} | ${kb(r.jsRaw)} | **${kb(r.jsGzip)}** | ${kb(r.cssGzip)} | < ${TARGET_KB} kB: ${verdict} |`,
  );
}
