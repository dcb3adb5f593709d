import { join } from 'node:path';
import { buildFunctions, repoRoot } from '../build';
import { loadRunnerConfig } from '../config';
import { ensureServices } from '../services';
import { TEST_STACK } from './platform';

/** Once per test run: make sure the real services are up and bundle every function the tests start. */
export default async function setup(): Promise<void> {
  await ensureServices(loadRunnerConfig(), (m) => console.warn(m));
  await buildFunctions(join(repoRoot, 'stack.yml'));
  await buildFunctions(join(repoRoot, TEST_STACK));
}
