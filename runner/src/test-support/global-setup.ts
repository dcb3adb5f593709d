import { join } from 'node:path';
import { buildFunctions, repoRoot } from '../build';
import { loadRunnerConfig } from '../config';
import { ensureServices } from '../services';
import { buildWeb } from '../web-build';
import { TEST_STACK } from './platform';

/**
 * Once per test run: make sure the real services are up, bundle every function the tests start, and
 * build the web app the browser tests load (skipped when web/dist is current).
 */
export default async function setup(): Promise<void> {
  await ensureServices(loadRunnerConfig(), (m) => console.warn(m));
  await buildFunctions(join(repoRoot, 'stack.yml'));
  await buildFunctions(join(repoRoot, TEST_STACK));
  buildWeb(repoRoot);
}
