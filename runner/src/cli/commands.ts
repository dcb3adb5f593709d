import { resolve } from 'node:path';
import { createDb } from '@atelier/shared/db';
import { repoRoot } from '../build';
import { parentEnv, type RunnerConfig } from '../config';
import { rotateLocalKeys } from '../keys';
import { formatOutbox, functionsPs, opsRequest, outboxStatus, runnerTarget, tailEvents } from './ops';
import { describeSpecs, stackDiff, validateStack } from './stack';

const flags = (argv: string[], name: string): string[] =>
  argv.flatMap((a, i) => (a === `--${name}` && argv[i + 1] !== undefined ? [argv[i + 1]!] : []));
const flag = (argv: string[], name: string) => flags(argv, name)[0];

/**
 * The ops CLI's commands for stack.yml, the running runner, events, the outbox and signing keys. Returns
 * the exit code, or undefined when `argv` is none of them.
 */
export async function opsCommand(config: RunnerConfig, argv: string[]): Promise<number | undefined> {
  const [group, cmd] = argv;
  const stackFile = resolve(repoRoot, flag(argv, 'file') ?? config.STACK_FILE);
  const target = () => runnerTarget(repoRoot, config, flag(argv, 'url') ?? parentEnv().ATELIER_URL);

  if (group === 'stack' && (cmd === 'validate' || cmd === 'check')) {
    const v = validateStack(repoRoot, stackFile, parentEnv());
    if (!v.ok) {
      console.error(`${stackFile} is invalid:\n  - ${v.problems.join('\n  - ')}`);
      return 1;
    }
    for (const line of describeSpecs(v.specs)) console.log(line);
    console.log(`${stackFile} is valid (${v.specs.length} functions)`);
    return 0;
  }
  if (group === 'stack' && cmd === 'diff') {
    const opts: { ref?: string; against?: string } = {};
    const ref = flag(argv, 'ref');
    const against = flag(argv, 'against');
    if (ref) opts.ref = ref;
    if (against) opts.against = against;
    const { diffs, text } = stackDiff(repoRoot, stackFile, opts);
    console.log(text);
    return argv.includes('--exit-code') && diffs.length > 0 ? 1 : 0;
  }
  if (group === 'stack' && cmd === 'reload') {
    type Attempt = { ok: boolean; changes: string[]; errors?: string[] };
    const r = await opsRequest<{
      attempt: Attempt | null;
      stack: { generation: number; lastAttempt?: Attempt | null };
    }>(target(), '/_/ops/stack/reload', 'POST');
    // The watcher usually reads an edit first: then this reload finds nothing new, and the watcher's
    // verdict on the file as it stands is the answer.
    const attempt = r.attempt ?? (r.stack.lastAttempt?.ok === false ? r.stack.lastAttempt : null);
    if (!attempt) console.log(`stack.yml unchanged since the last reload (generation ${r.stack.generation})`);
    else if (attempt.ok)
      console.log(
        `applied (generation ${r.stack.generation}):\n  ${attempt.changes.join('\n  ') || 'no change'}`,
      );
    else {
      console.error(`refused; the runner keeps the old stack:\n  - ${attempt.errors?.join('\n  - ')}`);
      return 1;
    }
    return 0;
  }
  if (group === 'functions' && cmd === 'ps') {
    console.log(await functionsPs(target()));
    return 0;
  }
  if (group === 'events' && cmd === 'tail') {
    const abort = new AbortController();
    process.once('SIGINT', () => abort.abort());
    const count = flag(argv, 'count');
    await tailEvents({
      url: config.RABBITMQ_URL,
      exchange: config.EVENTS_EXCHANGE,
      types: flags(argv, 'type'),
      json: argv.includes('--json'),
      ...(count ? { count: Number(count) } : {}),
      write: (line) => console.log(line),
      onReady: () => console.error(`following ${config.EVENTS_EXCHANGE} (ctrl-c to stop)`),
      signal: abort.signal,
    });
    return 0;
  }
  if (group === 'outbox' && cmd === 'status') {
    const db = createDb({ DATABASE_URL: config.DATABASE_URL, DB_POOL_MAX: 1 });
    try {
      console.log(formatOutbox(await outboxStatus(db)));
    } catch (err) {
      const e = err as Error & { cause?: Error };
      throw new Error(
        `cannot read ops.outbox at DATABASE_URL: ${e.cause?.message ?? e.message} (npm run migrate creates it)`,
      );
    } finally {
      await db.close();
    }
    return 0;
  }
  if (group === 'keys' && cmd === 'rotate') {
    console.log(await rotateKeysCommand(config, target()));
    return 0;
  }
  return undefined;
}

/** Asks the running runner to rotate (it restarts functions with the new JWKS); else rotates the files. */
async function rotateKeysCommand(config: RunnerConfig, t: ReturnType<typeof runnerTarget>): Promise<string> {
  let r: { kid: string; previous: string[] };
  try {
    r = await opsRequest(t, '/_/ops/keys/rotate', 'POST');
  } catch (err) {
    if (!(err as Error).message.startsWith('no runner answers')) throw err;
    r = await rotateLocalKeys(resolve(repoRoot, config.DATA_DIR, 'secrets'), parentEnv());
    return `rotated (no runner running; the next npm start uses it): signing with ${r.kid}; also in the JWKS: ${r.previous.join(', ') || 'none'}`;
  }
  return `rotated: signing with ${r.kid}; also in the JWKS until their tokens expire: ${r.previous.join(', ') || 'none'}`;
}
