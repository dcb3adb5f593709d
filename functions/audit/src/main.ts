import { baseEnv, dbEnv, loadConfig, portEnv, z } from '@atelier/shared/config';
import { createDb } from '@atelier/shared/db';
import { runMain } from '@atelier/shared/http/main';
import { startServer } from '@atelier/shared/http/serve';
import { createLogger } from '@atelier/shared/log';
import { postgresProbe } from '@atelier/shared/probes';
import { createApp } from './app';

runMain(async () => {
  const config = loadConfig({
    ...baseEnv,
    ...portEnv,
    ...dbEnv,
    OPS_TOKEN: z.string().check(z.minLength(24, 'must be at least 24 characters')),
  });
  const log = createLogger({ name: 'audit', level: config.LOG_LEVEL });
  const { db, sql, close } = createDb(config);
  const app = createApp({
    db,
    log,
    version: config.APP_VERSION,
    opsToken: config.OPS_TOKEN,
    checks: [postgresProbe(sql)],
  });
  await startServer(app, { port: config.PORT ?? config.http_port, log, onShutdown: close });
});
