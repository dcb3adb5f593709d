import { ConfigError } from '../config';

/** Entry-point wrapper: a bad configuration prints every problem and exits 1 instead of a stack trace. */
export function runMain(main: () => Promise<unknown>): void {
  main().catch((err) => {
    if (err instanceof ConfigError) console.error(err.message);
    else console.error('fatal:', (err as Error).stack ?? err);
    process.exit(1);
  });
}
