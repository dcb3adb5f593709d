import { Redis } from 'ioredis';

/** One lazily-connecting client per process; commands fail fast instead of queueing forever. */
export function createRedis(config: { REDIS_URL: string }): Redis {
  return new Redis(config.REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    connectTimeout: 3000,
  });
}
export type { Redis };
