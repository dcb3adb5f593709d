import { createSseParser, type SseEvent } from './sse';

export type StreamStatus = 'idle' | 'connecting' | 'open' | 'down';

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface StreamOptions {
  url: string;
  /** The access token to send; `fresh` asks for a renewed one (after a 401). Null: signed out. */
  token(fresh: boolean): Promise<string | null>;
  onEvent(event: SseEvent): void;
  onStatus(status: StreamStatus): void;
  fetch?: FetchLike;
  /** First reconnect delay (doubles up to maxDelayMs, with jitter); the server's `retry:` overrides it. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

/**
 * The tab's one Server-Sent Events connection, read with fetch so that the access token travels in the
 * Authorization header (EventSource cannot send headers, and a token in the URL ends up in logs).
 * Reconnects with `Last-Event-ID` and exponential backoff; a 401 renews the token once before giving up.
 */
export function openStream(o: StreamOptions) {
  const doFetch: FetchLike = o.fetch ?? ((input, init) => fetch(input, init));
  const random = o.random ?? Math.random;
  let base = o.baseDelayMs ?? 1000;
  const max = o.maxDelayMs ?? 30_000;
  const abort = new AbortController();
  let lastId: string | undefined;
  let attempt = 0;
  let stopped = false;
  let wake: (() => void) | null = null;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  async function connectOnce(): Promise<'retry' | 'stop'> {
    let fresh = false;
    for (;;) {
      const token = await o.token(fresh);
      if (!token) return 'stop';
      const headers: Record<string, string> = {
        accept: 'text/event-stream',
        authorization: `Bearer ${token}`,
      };
      if (lastId !== undefined) headers['last-event-id'] = lastId;
      const res = await doFetch(o.url, { headers, signal: abort.signal, cache: 'no-store' });
      if (res.status === 401 && !fresh) {
        await res.body?.cancel().catch(() => {});
        fresh = true;
        continue;
      }
      if (res.status === 401) return 'stop';
      if (!res.ok || !res.body) {
        await res.body?.cancel().catch(() => {});
        return 'retry';
      }
      o.onStatus('open');
      attempt = 0;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = createSseParser();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return 'retry';
        for (const e of parser.push(value)) {
          if (e.id !== undefined) lastId = e.id;
          if (e.retry !== undefined) base = e.retry;
          if (e.data !== '' || e.event !== 'message') o.onEvent(e);
        }
      }
    }
  }

  void (async () => {
    while (!stopped) {
      o.onStatus('connecting');
      let outcome: 'retry' | 'stop' = 'retry';
      try {
        outcome = await connectOnce();
      } catch {
        // Network failure or abort: retried below unless stopped.
      }
      if (stopped) break;
      if (outcome === 'stop') {
        stopped = true;
        o.onStatus('idle');
        return;
      }
      o.onStatus('down');
      const delay = Math.min(max, base * 2 ** attempt) * (0.5 + random() / 2);
      attempt = Math.min(attempt + 1, 10);
      await sleep(delay);
    }
    o.onStatus('idle');
  })();

  return {
    get lastEventId() {
      return lastId;
    },
    /** Reconnect now instead of waiting out the backoff (back online, tab visible again). */
    retryNow() {
      attempt = 0;
      wake?.();
    },
    close() {
      stopped = true;
      abort.abort();
      wake?.();
    },
  };
}
export type Stream = ReturnType<typeof openStream>;
