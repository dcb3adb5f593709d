import { bootFunction } from '@atelier/shared/http/boot';
import { afterReady } from '@atelier/shared/http/lifecycle';
import { createApp } from './app';
import { ModelPool } from './batching/pool';
import { defaultModelNames, poolEnv } from './config';
import { moderateImages } from './moderation/serve';
import { defaultRepository, readRepository } from './repository/load';

/**
 * Checks the repository's configs before listening (a bad config fails at once, naming the model and
 * file), listens, then loads and warms the models; `/_/health` answers 503 with the progress until
 * they all answered. A model that fails to load ends the process (exit 1) with its name and file.
 */
bootFunction('gpu-pool', poolEnv, async ({ config, log, onShutdown }) => {
  const root = config.GPU_POOL_MODELS ?? defaultRepository;
  const names = config.GPU_POOL_MODEL_NAMES ?? (config.GPU_POOL_MODELS ? undefined : defaultModelNames);
  const pool = new ModelPool(readRepository(root, { names }), {
    maxQueue: config.GPU_POOL_MAX_QUEUE,
    deadlineMs: config.GPU_POOL_DEADLINE_MS,
  });
  onShutdown(() => pool.close());
  afterReady(() =>
    pool
      .load({
        log,
        providers: config.GPU_POOL_EXECUTION_PROVIDERS,
        cpuThreads: config.GPU_POOL_CPU_THREADS,
      })
      .then(() => log.info({ models: pool.entries.map((e) => e.name) }, 'gpu-pool ready'))
      .catch((err: Error) => {
        console.error(`gpu-pool: start-up failed: ${err.message}`);
        process.exit(1);
      }),
  );
  return createApp({
    pool,
    moderate: moderateImages,
    log,
    version: config.APP_VERSION,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
  });
});
