import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { argv, exit } from 'node:process';
import { renderAll, repoRoot } from './render';

const USAGE = `npm run gen:knative [-- --check]

Writes knative/ and openfaas/ from stack.yml (\${VAR:-default} takes its default).
  --check   write nothing; exit 1 and name the files that differ from what would be generated`;

/** A leftover placeholder from before the generator; the folder now has real files. */
const OBSOLETE = ['knative/.gitkeep'];

function main(args: string[]): number {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const unknown = args.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    console.error(`unknown argument(s): ${unknown.join(' ')}\n\n${USAGE}`);
    return 2;
  }
  const files = renderAll(repoRoot);
  if (args.includes('--check')) {
    const stale = Object.entries(files)
      .filter(([path, text]) => {
        const abs = join(repoRoot, path);
        return !existsSync(abs) || readFileSync(abs, 'utf8') !== text;
      })
      .map(([path]) => path);
    if (stale.length === 0) {
      console.log(`${Object.keys(files).length} generated files are current`);
      return 0;
    }
    console.error(`stale generated files (run npm run gen:knative):\n  ${stale.join('\n  ')}`);
    return 1;
  }
  for (const [path, text] of Object.entries(files)) {
    const abs = join(repoRoot, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    console.log(`wrote ${path}`);
  }
  for (const path of OBSOLETE) rmSync(join(repoRoot, path), { force: true });
  return 0;
}

try {
  exit(main(argv.slice(2)));
} catch (err) {
  console.error((err as Error).message);
  exit(1);
}
