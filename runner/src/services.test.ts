import { describe, expect, it } from 'vitest';
import { ensureServices, reachable } from './services';

const local = {
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/atelier',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  RABBITMQ_URL: process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
};

describe('backing services', () => {
  it('reuses services that answer', async () => {
    const said: string[] = [];
    await ensureServices(local, (m) => said.push(m));
    expect(said).toEqual([]);
  });

  it('names every service it cannot reach and how to get it, without trying to start remote ones', async () => {
    const urls = {
      ...local,
      DATABASE_URL: 'postgres://u@127.0.0.2:1/db',
      RABBITMQ_URL: 'amqp://g:g@127.0.0.2:2',
    };
    const err = await ensureServices(urls, () => {}).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toContain('PostgreSQL is not reachable at 127.0.0.2:1');
    expect(message).toContain('apt-get install postgresql');
    expect(message).toContain('RabbitMQ is not reachable at 127.0.0.2:2');
    expect(message).not.toContain('Redis');
  });

  it('tells a closed port from an open one', async () => {
    expect(await reachable('127.0.0.1', 1)).toBe(false);
    expect(await reachable('127.0.0.1', Number(new URL(local.REDIS_URL).port || 6379))).toBe(true);
  });
});
