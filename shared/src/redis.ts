import { Redis } from 'ioredis';

/** One lazily-connecting client per process; commands fail fast instead of queueing forever. */
export function createRedis(config: { REDIS_URL: string }, onError: (err: Error) => void = () => {}): Redis {
  const client = new Redis(config.REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    connectTimeout: 3000,
  });
  // Connection errors surface as rejected commands (and health checks); the event only needs a listener.
  client.on('error', onError);
  return client;
}
export type { Redis };
