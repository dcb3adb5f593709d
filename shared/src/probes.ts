import type { ChannelModel } from 'amqplib';
import type postgres from 'postgres';
import { loadAmqp } from './amqp';
import type { HealthCheck } from './health';
import type { Redis } from './redis';
import type { Storage } from './storage';

export const postgresProbe = (sql: postgres.Sql): HealthCheck => ({
  name: 'postgres',
  run: () => sql`select 1`,
});

export const redisProbe = (redis: Redis): HealthCheck => ({
  name: 'redis',
  run: async () => {
    if (redis.status === 'wait') await redis.connect();
    return redis.ping();
  },
});

export const storageProbe = (storage: Storage): HealthCheck => ({
  name: 'storage',
  run: () => storage.ping(),
});

/** Keeps one connection for repeated probes and reopens it after a failure. */
export function rabbitProbe(config: { RABBITMQ_URL: string }): HealthCheck & { close(): Promise<void> } {
  let conn: Promise<ChannelModel> | undefined;
  const open = () => {
    conn ??= loadAmqp()
      .then((amqp) => amqp.connect(config.RABBITMQ_URL, { timeout: 2000 }))
      .then((c) => {
        c.on('error', () => {});
        c.on('close', () => {
          conn = undefined;
        });
        return c;
      });
    return conn.catch((err) => {
      conn = undefined;
      throw err;
    });
  };
  return {
    name: 'rabbitmq',
    run: async () => {
      const c = await open();
      const ch = await c.createChannel();
      await ch.close();
    },
    close: async () => {
      const c = await conn?.catch(() => undefined);
      conn = undefined;
      await c?.close().catch(() => {});
    },
  };
}
