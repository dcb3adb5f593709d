import { randomBytes } from 'node:crypto';
import amqp from 'amqplib';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox as outboxTable } from '../db/schema';
import { ValidationError } from '../errors';
import { createFunction } from '../http/create-function';
import { createLogger } from '../log';
import { scratchDatabase } from '../testing/db';
import { ops } from './catalog';
import type { CloudEventJson } from './cloudevent';
import { createOutbox } from './outbox';
import { rabbitPublisher } from './publisher';

const RABBITMQ_URL = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

describe('transactional outbox', () => {
  const exchange = `test-outbox-${randomBytes(3).toString('hex')}`;
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let conn: amqp.ChannelModel;
  let ch: amqp.Channel;
  let queue: string;
  const publisher = rabbitPublisher({ RABBITMQ_URL, EVENTS_EXCHANGE: exchange });

  /** Everything published so far, as the broker has it. */
  async function received(): Promise<CloudEventJson[]> {
    const out: CloudEventJson[] = [];
    for (;;) {
      const msg = await ch.get(queue, { noAck: true });
      if (!msg) return out;
      out.push(JSON.parse(msg.content.toString()));
    }
  }

  beforeAll(async () => {
    scratch = await scratchDatabase();
    conn = await amqp.connect(RABBITMQ_URL);
    ch = await conn.createChannel();
    await ch.assertExchange(exchange, 'topic', { durable: true });
    queue = (await ch.assertQueue('', { exclusive: true })).queue;
    await ch.bindQueue(queue, exchange, '#');
  });
  afterAll(async () => {
    await ch.deleteExchange(exchange);
    await conn.close();
    await publisher.close();
    await scratch.drop();
  });

  it('publishes after commit a structured, persistent CloudEvent carrying the request trace', async () => {
    const outbox = createOutbox({ db: scratch.db, publisher, source: 'tests/outbox' });
    const { app } = createFunction({
      name: 't',
      version: '0',
      log: createLogger({ name: 't', level: 'silent' }),
    });
    app.post('/probe', async (c) => {
      const id = await outbox.transaction((tx, emit) =>
        emit(tx, ops.opsProbeRequested, { note: 'from a request' }),
      );
      return c.json({ id });
    });
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const res = await app.request('/probe', { method: 'POST', headers: { traceparent } });
    const { id } = (await res.json()) as { id: string };
    await new Promise((r) => setTimeout(r, 200));
    const events = await received();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      specversion: '1.0',
      id,
      type: ops.opsProbeRequested.type,
      source: 'tests/outbox',
      data: { note: 'from a request' },
    });
    // Same trace, new span: the event continues the request's trace.
    expect(events[0]!.traceparent).toMatch(
      /^00-4bf92f3577b34da6a3ce929d0e0e4736-(?!00f067aa0ba902b7)[0-9a-f]{16}-01$/,
    );
    const [row] = await scratch.db.select().from(outboxTable).where(eq(outboxTable.id, id));
    expect(row?.publishedAt).not.toBeNull();
  });

  it('refuses data that breaks the event schema, writing nothing', async () => {
    const outbox = createOutbox({ db: scratch.db, publisher, source: 'tests/outbox' });
    const before = (await scratch.db.select().from(outboxTable)).length;
    await expect(
      outbox.transaction((tx, emit) =>
        emit(tx, ops.opsProbeRequested, { note: 42 } as unknown as { note: string }),
      ),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await scratch.db.select().from(outboxTable)).toHaveLength(before);
  });

  it('keeps rows the broker did not take and sweeps each exactly once, even with relays racing', async () => {
    const down = rabbitPublisher({
      RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:1',
      EVENTS_EXCHANGE: exchange,
    });
    const failing = createOutbox({ db: scratch.db, publisher: down, source: 'tests/outbox' });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++)
      ids.push(
        await failing.transaction((tx, emit) => emit(tx, ops.opsProbeRequested, { note: `kept ${i}` })),
      );
    const pending = await scratch.db.select().from(outboxTable).where(eq(outboxTable.id, ids[0]!));
    expect(pending[0]?.publishedAt).toBeNull();
    expect(pending[0]?.attempts).toBe(1);

    const a = createOutbox({ db: scratch.db, publisher, source: 'tests/outbox', batchSize: 7 });
    const b = createOutbox({ db: scratch.db, publisher, source: 'tests/outbox', batchSize: 7 });
    const [na, nb] = await Promise.all([a.sweep(), b.sweep()]);
    expect(na + nb).toBe(30);
    await new Promise((r) => setTimeout(r, 200));
    const got = (await received()).map((e) => e.id).sort();
    expect(got).toEqual([...ids].sort());
  });
});
