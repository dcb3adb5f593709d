import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { Plugin } from 'vite';
import { drawIcon } from './icons.ts';
import { precompress } from './precompress.ts';

export const ICONS = [
  { file: 'icons/icon-192.png', size: 192, maskable: false },
  { file: 'icons/icon-512.png', size: 512, maskable: false },
  { file: 'icons/icon-maskable-512.png', size: 512, maskable: true },
  { file: 'icons/apple-touch-icon.png', size: 180, maskable: true },
];

/**
 * The PWA parts of the build, without workbox (its build tooling is ~100 packages for what is here a
 * 40-line worker): draws the PNG icons, then writes sw.js with the exact list of files to precache and a
 * version that changes whenever any of them does.
 */
export function pwa(): Plugin {
  let outDir = '';
  let root = '';
  return {
    name: 'atelier-pwa',
    apply: 'build',
    configResolved(c) {
      root = c.root;
      outDir = resolve(c.root, c.build.outDir);
    },
    generateBundle() {
      for (const icon of ICONS) {
        this.emitFile({ type: 'asset', fileName: icon.file, source: drawIcon(icon.size, icon.maskable) });
      }
    },
    async writeBundle(_options, bundle) {
      const publicFiles = ['manifest.webmanifest', 'favicon.svg', 'robots.txt'];
      const files = [...Object.keys(bundle), ...publicFiles]
        .filter((f) => !f.endsWith('.map') && !f.startsWith('.vite/') && f !== 'sw.js')
        .sort();
      const hash = createHash('sha256');
      for (const f of files) hash.update(f).update(readFileSync(join(outDir, f)));
      await build({
        entryPoints: [join(root, 'src', 'sw', 'service-worker.ts')],
        outfile: join(outDir, 'sw.js'),
        bundle: true,
        minify: true,
        format: 'iife',
        target: 'es2022',
        logLevel: 'warning',
        define: {
          __PRECACHE__: JSON.stringify(files.map((f) => `/${f}`)),
          __VERSION__: JSON.stringify(hash.digest('hex').slice(0, 16)),
        },
      });
      precompress(outDir);
    },
  };
}
