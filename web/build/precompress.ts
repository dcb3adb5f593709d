import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { constants, gzipSync } from 'node:zlib';

const TEXT = new Set(['.js', '.css', '.html', '.svg', '.webmanifest', '.json', '.txt']);

/**
 * Writes `<file>.gz` beside every text file worth compressing, once at build time at the highest level;
 * the gateway serves it to browsers that accept gzip (no compression work per request).
 */
export function precompress(dir: string): number {
  let written = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== '.vite') written += precompress(path);
      continue;
    }
    if (!TEXT.has(extname(name))) continue;
    const raw = readFileSync(path);
    if (raw.length < 1024) continue;
    writeFileSync(`${path}.gz`, gzipSync(raw, { level: constants.Z_BEST_COMPRESSION }));
    written++;
  }
  return written;
}
