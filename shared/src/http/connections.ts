import { RevocationList } from '../auth/revocations';
import { type VerifierConfig, verifierFromConfig } from '../auth/verifier';
import { createDb } from '../db';
import { createApiKeyAuth } from '../developer/api-key-auth';
import { createOutbox } from '../events/outbox';
import { createPublisher } from '../events/publisher';
import type { Logger } from '../log';
import { postgresProbe, redisProbe } from '../probes';
import { createRedis } from '../redis';

export type DbConfig = { DATABASE_URL: string; DB_POOL_MAX: number };
export type Opened = { onShutdown(close: () => unknown): void; log: Logger };

/**
 * What a signed-in API function opens at start: PostgreSQL, Redis, the access-token verifier fed by the
 * Redis revocation list, and health probes for both; each closed on SIGTERM. Its own module, not part
 * of bootFunction, so functions that need none of it keep these clients out of their bundles.
 */
export type ApiKeyConfig = { API_RATE_LIMIT_PER_MINUTE: number; RATE_LIMIT_NAMESPACE: string };

export async function openAuthenticated(
  name: string,
  config: DbConfig & { REDIS_URL: string } & VerifierConfig & ApiKeyConfig,
  ctx: Opened,
) {
  const { db, sql, close } = createDb(config);
  const redis = createRedis(config);
  const revocations = new RevocationList(redis);
  await revocations.start();
  ctx.onShutdown(() => revocations.stop());
  ctx.onShutdown(close);
  ctx.onShutdown(() => redis.quit());
  return {
    name,
    db,
    redis,
    revocations,
    verifier: verifierFromConfig(config),
    /** API-key sign-in for the public API's functions (pass it to requireAuth). */
    apiKeys: createApiKeyAuth(db, redis, {
      namespace: config.RATE_LIMIT_NAMESPACE,
      perMinute: config.API_RATE_LIMIT_PER_MINUTE,
    }),
    checks: [postgresProbe(sql), redisProbe(redis)],
  };
}

/** The same plus a publisher and the transactional outbox, for functions that emit events. */
export async function openAuthenticatedWithEvents(
  name: string,
  config: DbConfig & {
    REDIS_URL: string;
    RABBITMQ_URL: string;
    EVENTS_EXCHANGE: string;
    K_SINK?: string | undefined;
  } & VerifierConfig &
    ApiKeyConfig,
  ctx: Opened,
) {
  const opened = await openAuthenticated(name, config, ctx);
  const publisher = createPublisher(config);
  ctx.onShutdown(() => publisher.close());
  return {
    ...opened,
    publisher,
    outbox: createOutbox({
      db: opened.db,
      publisher,
      source: `atelier/${name}`,
      log: ctx.log,
      sweepOnStart: true,
    }),
  };
}
