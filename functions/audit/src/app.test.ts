import { randomUUID } from 'node:crypto';
import { createLogger } from '@atelier/shared/log';
import { scratchDatabase } from '@atelier/shared/testing/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app';

const TYPE = 'dev.atelier.ops.probe.requested.v1';
const token = 't'.repeat(32);

describe('audit function', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    scratch = await scratchDatabase();
    app = createApp({
      db: scratch.db,
      log: createLogger({ name: 'audit', level: 'silent' }),
      version: '0.0.0',
      opsToken: token,
      checks: [],
    });
  });
  afterAll(() => scratch?.drop());

  const binary = (id: string, data: unknown, extra: Record<string, string> = {}) =>
    app.request('/_/events', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'ce-specversion': '1.0',
        'ce-id': id,
        'ce-source': 'tests',
        'ce-type': TYPE,
        ...extra,
      },
      body: JSON.stringify(data),
    });
  const structured = (event: Record<string, unknown>) =>
    app.request('/_/events', {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify(event),
    });
  const list = async (query = '') => {
    const res = await app.request(`/v1/ops/events${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return {
      status: res.status,
      body: (await res.json()) as {
        items: Array<{ id: string; traceparent: string | null }>;
        nextCursor: string | null;
      },
    };
  };

  it('accepts binary-mode CloudEvents and records them with their trace', async () => {
    const id = randomUUID();
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    expect((await binary(id, { note: 'binary' }, { 'ce-traceparent': traceparent })).status).toBe(202);
    const { body } = await list(`?type=${TYPE}`);
    expect(body.items.find((e) => e.id === id)?.traceparent).toBe(traceparent);
  });

  it('accepts structured-mode CloudEvents', async () => {
    const id = randomUUID();
    const res = await structured({
      specversion: '1.0',
      id,
      source: 'tests',
      type: TYPE,
      datacontenttype: 'application/json',
      data: { note: 'structured' },
    });
    expect(res.status).toBe(202);
    expect((await list()).body.items.some((e) => e.id === id)).toBe(true);
  });

  it('has one effect for an event delivered twice', async () => {
    const id = randomUUID();
    expect((await binary(id, { note: 'once' })).status).toBe(202);
    expect((await binary(id, { note: 'once' })).status).toBe(202);
    expect((await list()).body.items.filter((e) => e.id === id)).toHaveLength(1);
  });

  it.each([
    [
      'a missing id',
      () => structured({ specversion: '1.0', source: 'tests', type: TYPE, data: { note: 'x' } }),
      'invalid_cloudevent',
      /id/,
    ],
    [
      'a wrong spec version',
      () => structured({ specversion: '0.1', id: 'x', source: 'tests', type: TYPE, data: {} }),
      'invalid_cloudevent',
      /specversion|version/i,
    ],
    [
      'a body that is not JSON',
      () =>
        app.request('/_/events', {
          method: 'POST',
          headers: { 'content-type': 'application/cloudevents+json' },
          body: '{oops',
        }),
      'invalid_cloudevent',
      /./,
    ],
    [
      'no CloudEvent at all',
      () => app.request('/_/events', { method: 'POST', body: 'hello' }),
      'invalid_cloudevent',
      /./,
    ],
    [
      'an unknown type',
      () => binary(randomUUID(), {}, { 'ce-type': 'dev.atelier.unknown.thing.v1' }),
      'unknown_event_type',
      /dev\.atelier\.unknown\.thing\.v1/,
    ],
    [
      'data that breaks the schema',
      () => binary(randomUUID(), { note: 42 }),
      'invalid_event_data',
      /dev\.atelier\.ops\.probe\.requested\.v1/,
    ],
  ])('answers %s with a 400 that names the problem (not retried)', async (_name, send, code, message) => {
    const res = await send();
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(message);
  });

  it('pages through the log with a cursor and filters by time', async () => {
    for (let i = 0; i < 3; i++) await binary(randomUUID(), { note: `page ${i}` });
    const first = await list('?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toMatch(/^\d+$/);
    const second = await list(`?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0]!.id).not.toBe(first.body.items[1]!.id);
    const future = await list(`?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(future.body.items).toEqual([]);
  });
});
