import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { pwa } from './build/pwa-plugin.ts';

/** Paths the runner's gateway answers; `npm run dev -w web` forwards them to a running `npm start`. */
const API = ['/v1', '/.well-known', '/_', '/function', '/dev'];
const target = 'http://127.0.0.1:8080';
const localeChunk = (id: string) => `locale-${/locales[\\/]([A-Za-z-]+)[\\/]/.exec(id)?.[1] ?? 'misc'}`;

export default defineConfig({
  plugins: [react(), pwa()],
  server: {
    port: 5173,
    // ws: the canvas's Yjs rooms (/v1/collab) are WebSockets; the stream is plain HTTP.
    proxy: Object.fromEntries(API.map((p) => [p, { target, changeOrigin: false, ws: true }])),
  },
  build: {
    target: 'es2022',
    manifest: true,
    sourcemap: false,
    rolldownOptions: {
      // The slow-plugin report fires on a loaded 2-core machine and says nothing about our code.
      checks: { bundlerTimings: false },
      output: {
        // One chunk per language (all of its namespaces), loaded when that language is chosen.
        codeSplitting: {
          groups: [
            { name: (id: string) => localeChunk(id), debugName: 'locales', test: /[\\/]locales[\\/]/ },
          ],
        },
      },
    },
  },
});
