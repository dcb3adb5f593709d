import { createReadStream, existsSync, type Stats, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Paths the platform answers itself: an unknown one is a JSON 404, never the web app's index.html. */
const API_PREFIXES = ['/v1', '/.well-known', '/_', '/function', '/dev'];
export const isApiPath = (pathname: string) =>
  API_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));

/**
 * The web app's pages: scripts only from here, no framing, and no Referer (emailed links carry tokens
 * in their query). Images may come from storage (presigned URLs, data: QR codes); the browser also
 * talks to storage directly for presigned uploads, so its origin joins connect-src.
 */
const htmlHeaders = (storageOrigin: string | undefined) => ({
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob: https: http:",
    `connect-src 'self'${storageOrigin ? ` ${storageOrigin}` : ''}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "manifest-src 'self'",
    "worker-src 'self'",
  ].join('; '),
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
});

/**
 * Hashed build output is immutable; everything else (index.html, sw.js, manifest, icons) is revalidated
 * on every use, so a deploy reaches browsers at once and the service worker sees its update.
 */
function cacheControl(relative: string): string {
  return relative.startsWith(`assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

function resolveFile(root: string, pathname: string): string | undefined {
  const safe = normalize(pathname).replace(/^(\.\.[/\\])+/, '');
  const file = join(root, safe);
  if (!file.startsWith(root)) return undefined;
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

/**
 * Serves the built web app: files from `root`, gzip-precompressed twins (`.gz`, written by the build)
 * to browsers that accept them, and index.html for every other GET that is not an API path (the SPA's
 * client-side routes). Returns false when it did not answer.
 */
export function serveWebApp(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  opts: { storageOrigin?: string | undefined } = {},
): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://gateway').pathname);
  } catch {
    return false;
  }
  if (isApiPath(pathname)) return false;
  let file = resolveFile(root, pathname);
  if (!file) {
    // A missing asset is a 404 (an old page asking for a chunk a deploy removed must fail, not get HTML).
    if (pathname.startsWith('/assets/') || extname(pathname) !== '') return false;
    file = resolveFile(root, '/index.html');
    if (!file) return false;
  }
  const relative = file.slice(root.length + 1);
  const gz = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && existsSync(`${file}.gz`);
  const body = gz ? `${file}.gz` : file;
  const stats: Stats = statSync(body);
  const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}${gz ? '-gz' : ''}"`;
  const headers: Record<string, string | number> = {
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
    'cache-control': cacheControl(relative),
    etag,
    vary: 'accept-encoding',
    ...(extname(file) === '.html'
      ? htmlHeaders(opts.storageOrigin)
      : { 'x-content-type-options': 'nosniff' }),
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  if (gz) headers['content-encoding'] = 'gzip';
  headers['content-length'] = stats.size;
  res.writeHead(200, headers);
  if (req.method === 'HEAD') res.end();
  else createReadStream(body).pipe(res);
  return true;
}
