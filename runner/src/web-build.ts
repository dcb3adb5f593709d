import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

const INPUTS = ['src', 'public', 'build', 'index.html', 'vite.config.ts', 'package.json'];
const STAMP = '.build-stamp';

function* files(path: string): Generator<string> {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) yield* files(join(path, name));
  } else yield path;
}

/** A hash of everything the web build reads: equal hashes, equal output. */
export function webFingerprint(webDir: string): string {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of files(join(webDir, input))) {
      if (file.endsWith('.test.ts') || file.endsWith('.test.tsx')) continue;
      hash.update(relative(webDir, file)).update(readFileSync(file));
    }
  }
  return hash.digest('hex');
}

/**
 * Builds the web app (vite build) into web/dist, unless web/dist was built from these very sources.
 * It builds into a scratch folder and swaps it in, so a gateway serving web/dist never sees half a build.
 */
export function buildWeb(root: string, opts: { force?: boolean } = {}): 'built' | 'up-to-date' {
  const webDir = join(root, 'web');
  const dist = join(webDir, 'dist');
  const fingerprint = webFingerprint(webDir);
  const stampFile = join(dist, STAMP);
  if (!opts.force && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === fingerprint)
    return 'up-to-date';
  const scratch = join(webDir, `.dist-${process.pid}`);
  const vite = join(
    dirname(createRequire(join(webDir, 'package.json')).resolve('vite/package.json')),
    'bin',
    'vite.js',
  );
  try {
    execFileSync(
      process.execPath,
      [vite, 'build', '--outDir', scratch, '--emptyOutDir', '--logLevel', 'warn'],
      {
        cwd: webDir,
        stdio: ['ignore', 'inherit', 'inherit'],
        // A production build even under vitest (NODE_ENV=test would give React's development build).
        // biome-ignore lint/style/noProcessEnv: hands the caller's environment on, with one change
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
    writeFileSync(join(scratch, STAMP), fingerprint);
    rmSync(dist, { recursive: true, force: true });
    renameSync(scratch, dist);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return 'built';
}
