import { dbEnv, z } from '@atelier/shared/config';
import { createDb } from '@atelier/shared/db';
import { bootFunction } from '@atelier/shared/http/boot';
import { postgresProbe } from '@atelier/shared/probes';
import { createApp } from './app';

const shape = { ...dbEnv, OPS_TOKEN: z.string().check(z.minLength(24, 'must be at least 24 characters')) };

bootFunction('audit', shape, async ({ config, log, onShutdown }) => {
  const { db, sql, close } = createDb(config);
  onShutdown(close);
  return createApp({
    db,
    log,
    version: config.APP_VERSION,
    opsToken: config.OPS_TOKEN,
    checks: [postgresProbe(sql)],
  });
});
