import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * The size and naming rules from the style guide, enforced: source files are kebab-case, warn past
 * 300 lines and fail past 500 (god files are how codebases rot).
 */
const SOFT = 300;
const HARD = 500;
const files = execFileSync(
  'git',
  ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx'],
  { encoding: 'utf8' },
)
  .split('\n')
  .filter((f) => f && !f.startsWith('knative/') && !f.includes('/dist/'));

let failed = false;
for (const file of files) {
  const lines = readFileSync(file, 'utf8').split('\n').length;
  const name = basename(file).replace(/\.d\.ts$|\.test\.tsx?$|\.tsx?$/, '');
  if (
    !/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*$/.test(name) &&
    !/^[A-Z][A-Za-z0-9]*$/.test(name)
  ) {
    console.error(`${file}: file names are kebab-case (React components may be PascalCase)`);
    failed = true;
  }
  if (lines > HARD) {
    console.error(`${file}: ${lines} lines, over the hard limit of ${HARD}: split it`);
    failed = true;
  } else if (lines > SOFT) console.warn(`${file}: ${lines} lines (soft limit ${SOFT})`);
}
if (failed) process.exit(1);
console.log(`file size and naming: ${files.length} files ok`);
