import { describe, expect, it, vi } from 'vitest';
import { openStream, type StreamStatus } from './stream';

/** A response whose body the test writes to. */
function sseResponse() {
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => (ctrl = c) });
  const enc = new TextEncoder();
  return {
    res: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    send: (s: string) => ctrl.enqueue(enc.encode(s)),
    end: () => ctrl.close(),
  };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('notification stream', () => {
  it('sends the token, delivers events, and reconnects with Last-Event-ID after the stream ends', async () => {
    const first = sseResponse();
    const second = sseResponse();
    const fetch = vi.fn(async (_url: string, _init: RequestInit) =>
      fetch.mock.calls.length === 1 ? first.res : second.res,
    );
    const events: string[] = [];
    const statuses: StreamStatus[] = [];
    const s = openStream({
      url: '/v1/stream',
      token: async () => 't1',
      onEvent: (e) => events.push(`${e.event}:${e.data}`),
      onStatus: (st) => statuses.push(st),
      fetch,
      baseDelayMs: 1,
      random: () => 1,
    });
    await until(() => statuses.includes('open'));
    first.send('event: ready\nid: 4\ndata: {}\n\nevent: notification\nid: 5\ndata: {"id":5}\n\n');
    await until(() => events.length === 2);
    first.end();
    await until(() => fetch.mock.calls.length === 2);
    const headers = fetch.mock.calls[1]![1].headers as Record<string, string>;
    expect(headers.authorization).toBe('Bearer t1');
    expect(headers['last-event-id']).toBe('5');
    expect(statuses).toContain('down');
    s.close();
    expect(events).toEqual(['ready:{}', 'notification:{"id":5}']);
  });

  it('asks for a fresh token once on 401, and stops when there is none', async () => {
    const tokens: boolean[] = [];
    const fetch = vi.fn(async () => new Response(null, { status: 401 }));
    const statuses: StreamStatus[] = [];
    openStream({
      url: '/v1/stream',
      token: async (fresh) => {
        tokens.push(fresh);
        return fresh ? 'new' : 'old';
      },
      onEvent: () => {},
      onStatus: (st) => statuses.push(st),
      fetch,
      baseDelayMs: 1,
    });
    await until(() => statuses.at(-1) === 'idle');
    expect(tokens).toEqual([false, true]);
    const auth = fetch.mock.calls.map(
      (c) => ((c as unknown as [string, RequestInit])[1].headers as Record<string, string>).authorization,
    );
    expect(auth).toEqual(['Bearer old', 'Bearer new']);
  });
});
