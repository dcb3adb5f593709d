import { runMain } from '@atelier/shared/http/main';
import { createLogger } from '@atelier/shared/log';
import { repoRoot } from './build';
import { loadRunnerConfig, parentEnv } from './config';
import { startRunner } from './runner';

runMain(async () => {
  const config = loadRunnerConfig();
  const log = createLogger({ name: 'runner', level: config.LOG_LEVEL });
  const runner = await startRunner({ root: repoRoot, config, env: parentEnv(), log });
  process.stdout.write(
    `\nAtelier is running at ${runner.url}\n  status:   ${runner.url}/v1/status\n  metrics:  ${runner.url}/_/metrics\n  ops token: ${runner.secretsDir}/ops-token\n\n`,
  );
  const shutdown = async () => {
    log.info('stopping');
    await runner.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
});
