/// <reference lib="webworker" />
/**
 * The offline shell, hand-written (see docs/architecture.md): the build injects the file list and a
 * version. Shell files are served from the cache; page loads try the network first and fall back to
 * the cached index.html, so the app opens offline; the API is never cached.
 */
// A module, so this `self` (the worker's scope) shadows the DOM-typed global.
export {};

declare const self: ServiceWorkerGlobalScope;
declare const __PRECACHE__: string[];
declare const __VERSION__: string;

const PREFIX = 'atelier-shell-';
const CACHE = `${PREFIX}${__VERSION__}`;
const NOT_SHELL = ['/v1/', '/.well-known/', '/_/', '/function/', '/dev/'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(__PRECACHE__)));
  // No skipWaiting here: a new version waits until the page's update prompt asks for it.
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys())
        if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || NOT_SHELL.some((p) => url.pathname.startsWith(p))) return;
  if (req.mode === 'navigate') {
    event.respondWith(
      fetch(req).catch(
        async () => (await caches.match('/index.html', { cacheName: CACHE })) ?? Response.error(),
      ),
    );
    return;
  }
  event.respondWith(caches.match(req, { cacheName: CACHE }).then((hit) => hit ?? fetch(req)));
});
