import { describe, expect, it } from 'vitest';
import { createSseParser } from './sse';

describe('SSE parser', () => {
  it('reads events split anywhere across chunks, with ids, names, multi-line data and CRLF', () => {
    const p = createSseParser();
    const text =
      ': ping\n\nid: 7\r\nevent: notification\r\ndata: {"a":\r\ndata: 1}\r\n\r\nevent: progress\ndata: x\n\nretry: 500\n\n';
    const out = [...text].flatMap((ch) => p.push(ch));
    expect(out).toEqual([
      { id: '7', event: 'notification', data: '{"a":\n1}' },
      { event: 'progress', data: 'x' },
      { event: 'message', data: '', retry: 500 },
    ]);
  });

  it('dispatches nothing for comments and blank lines alone', () => {
    expect(createSseParser().push(': ping\n\n\n')).toEqual([]);
  });
});
