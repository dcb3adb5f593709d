/** One Server-Sent Event as the HTML spec's parser dispatches it. */
export interface SseEvent {
  /** The `id:` field when this event carried one (the last one seen stays the reconnect point). */
  id?: string;
  event: string;
  data: string;
  /** A `retry:` field: the server's reconnect delay in ms. */
  retry?: number;
}

/**
 * An incremental text/event-stream parser (HTML § 9.2.6): feed it decoded chunks as they arrive, get the
 * complete events back. Comments (`:` heartbeats) produce nothing; CRLF, CR and LF all end a line.
 */
export function createSseParser() {
  let buffer = '';
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  let retry: number | undefined;

  function line(l: string, out: SseEvent[]) {
    if (l === '') {
      if (data.length > 0 || retry !== undefined) {
        out.push({
          event: event || 'message',
          data: data.join('\n'),
          ...(id !== undefined && { id }),
          ...(retry !== undefined && { retry }),
        });
      }
      data = [];
      event = '';
      id = undefined;
      retry = undefined;
      return;
    }
    if (l.startsWith(':')) return;
    const colon = l.indexOf(':');
    const field = colon === -1 ? l : l.slice(0, colon);
    let value = colon === -1 ? '' : l.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
  }

  return {
    push(chunk: string): SseEvent[] {
      buffer += chunk;
      const out: SseEvent[] = [];
      for (;;) {
        const m = /\r\n|\r|\n/.exec(buffer);
        // A lone CR at the very end may be the first half of CRLF: wait for the next chunk.
        if (!m || (m[0] === '\r' && m.index === buffer.length - 1)) break;
        line(buffer.slice(0, m.index), out);
        buffer = buffer.slice(m.index + m[0].length);
      }
      return out;
    },
  };
}
