import { type Agent, get } from 'node:http';

export interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

/**
 * A small Server-Sent Events client over node:http (tests and bench/realtime-stream.ts): cheaper per
 * connection than fetch, and it shows comments (heartbeats) too. Not part of the function's bundle.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  comments = 0;
  status = 0;
  body = '';
  private waiters: Array<() => void> = [];
  private destroy: () => void = () => {};
  closed = false;
  onEvent?: (e: SseEvent) => void;

  static open(
    url: string,
    opts: { token?: string; lastEventId?: string; agent?: Agent } = {},
  ): Promise<SseClient> {
    const client = new SseClient();
    return new Promise((resolve, reject) => {
      const req = get(
        url,
        {
          agent: opts.agent,
          headers: {
            accept: 'text/event-stream',
            ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
            ...(opts.lastEventId !== undefined ? { 'last-event-id': opts.lastEventId } : {}),
          },
        },
        (res) => {
          client.status = res.statusCode ?? 0;
          res.setEncoding('utf8');
          let buf = '';
          const ok = client.status === 200;
          res.on('data', (chunk: string) => {
            if (!ok) {
              client.body += chunk;
              return;
            }
            buf += chunk;
            let at = buf.indexOf('\n\n');
            while (at !== -1) {
              client.parse(buf.slice(0, at));
              buf = buf.slice(at + 2);
              at = buf.indexOf('\n\n');
            }
          });
          res.on('end', () => {
            client.closed = true;
            client.wake();
          });
          res.on('close', () => {
            client.closed = true;
            client.wake();
          });
          if (ok) resolve(client);
          else res.on('end', () => resolve(client));
        },
      );
      req.on('error', (err) => (client.status ? undefined : reject(err)));
      client.destroy = () => req.destroy();
    });
  }

  private parse(block: string) {
    const e: SseEvent = { event: 'message', data: '' };
    const data: string[] = [];
    let any = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.comments++;
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') e.event = value;
      else if (field === 'id') e.id = value;
      else if (field === 'data') data.push(value);
      else continue;
      any = true;
    }
    if (!any) return this.wake();
    e.data = data.join('\n');
    this.events.push(e);
    this.onEvent?.(e);
    this.wake();
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves with the first event (already received or to come) that matches. */
  async waitFor(match: (e: SseEvent) => boolean, timeoutMs = 15_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      if (this.closed) throw new Error('stream closed before the event arrived');
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no matching event within ${timeoutMs} ms (got ${this.events.map((x) => x.event).join(',')})`,
        );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Resolves once the stream has ended (closed by the server). */
  async ended(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('stream still open');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  notifications(): Array<{ id: number; type: string; data: Record<string, unknown> }> {
    return this.events.filter((e) => e.event === 'notification').map((e) => JSON.parse(e.data));
  }

  close() {
    this.closed = true;
    this.destroy();
  }
}
