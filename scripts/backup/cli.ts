import { parseArgs } from 'node:util';
import { type Only, runBackup } from './backup';
import { runRestore } from './restore';
import { loadTarget } from './settings';

const USAGE = `npm run backup [-- --out DIR] [--only database|objects]
npm run restore -- <backup dir> [--database-url URL] [--bucket NAME] [--endpoint URL] [--only database|objects] [--jobs N]

Sources and targets come from the platform's settings (DATABASE_URL, S3_ENDPOINT, S3_BUCKET,
S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, … in the environment or as files under SECRETS_DIR).
Backups go to --out, else BACKUP_DIR, else .data/backups. PG_BIN picks the pg_dump/pg_restore folder.`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      only: { type: 'string' },
      'database-url': { type: 'string' },
      bucket: { type: 'string' },
      endpoint: { type: 'string' },
      jobs: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || (command !== 'backup' && command !== 'restore')) {
    console.log(USAGE);
    if (!values.help) process.exitCode = 2;
    return;
  }
  if (values.only !== undefined && values.only !== 'database' && values.only !== 'objects')
    throw new Error('--only is database or objects');
  const only = values.only as Only;
  const target = loadTarget(process.env, {
    ...(values['database-url'] ? { databaseUrl: values['database-url'] } : {}),
    ...(values.bucket ? { bucket: values.bucket } : {}),
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
  });
  if (command === 'backup') {
    await runBackup({ target, root: values.out ?? process.env.BACKUP_DIR ?? '.data/backups', only });
  } else {
    const dir = positionals[0];
    if (!dir) throw new Error(`which backup? ${USAGE.split('\n')[1]}`);
    await runRestore({ dir, target, only, jobs: values.jobs ? Number(values.jobs) : 2 });
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // Errors name hosts and files, never credentials: URLs are masked and passwords travel in PGPASSWORD.
  console.error(`${process.argv[2] ?? 'backup'} failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
