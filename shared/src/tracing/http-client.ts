import dc from 'node:diagnostics_channel';
import { currentTraceparent, type Span, startSpan } from './index';

/**
 * HTTP client spans from Node's diagnostics channels: `fetch` (undici, with the `traceparent` header
 * injected) and `node:http`/`node:https` requests (recorded; given the header where Node has the
 * `http.client.request.created` channel, which speaks before the headers are written — Node 20 has not).
 * Only calls made inside a trace become spans, never with a query string (presigned URLs carry
 * credentials there).
 */
interface UndiciRequest {
  origin?: string | URL;
  method?: string;
  path?: string;
  headers?: string | string[];
  addHeader?(name: string, value: string): unknown;
}
interface NodeRequest {
  method?: string;
  path?: string;
  protocol?: string;
  host?: string;
  getHeader?(name: string): unknown;
  setHeader?(name: string, value: string): unknown;
}

const spans = new WeakMap<object, Span>();

function clientSpan(method: string, url: URL | undefined): Span | undefined {
  if (!currentTraceparent()) return undefined;
  return startSpan(method, {
    kind: 'client',
    attributes: {
      'http.request.method': method,
      'server.address': url?.hostname,
      'server.port': url ? Number(url.port || (url.protocol === 'https:' ? 443 : 80)) : undefined,
      'url.full': url ? `${url.origin}${url.pathname}` : undefined,
    },
  });
}

function nodeSpan(request: NodeRequest): Span | undefined {
  const host = String(request.getHeader?.('host') || request.host || '');
  const url = safeUrl(`${request.protocol ?? 'http:'}//${host}${request.path ?? '/'}`);
  return clientSpan(request.method ?? 'GET', url);
}

function finish(req: object, status?: number, error?: unknown) {
  const span = spans.get(req);
  if (!span) return;
  spans.delete(req);
  if (status !== undefined) span.setAttributes({ 'http.response.status_code': status });
  if (error !== undefined || (status ?? 0) >= 500) span.fail(error ?? { name: String(status) });
  span.end();
}

const safeUrl = (s: string): URL | undefined => {
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
};

const hasTraceparent = (headers: UndiciRequest['headers']) =>
  Array.isArray(headers)
    ? headers.some((h, i) => i % 2 === 0 && String(h).toLowerCase() === 'traceparent')
    : /(^|\n)traceparent:/i.test(headers ?? '');

export function installHttpClientSpans(): () => void {
  const handlers: Array<[string, (msg: unknown) => void]> = [
    [
      'undici:request:create',
      (msg) => {
        const { request } = msg as { request: UndiciRequest };
        const method = request.method ?? 'GET';
        const span = clientSpan(method, safeUrl(`${String(request.origin ?? '')}${request.path ?? ''}`));
        if (!span) return;
        spans.set(request, span);
        if (span.traceparent && request.addHeader && !hasTraceparent(request.headers))
          request.addHeader('traceparent', span.traceparent);
      },
    ],
    [
      // The span ends with the response's headers: a body nobody reads would otherwise keep it open.
      'undici:request:headers',
      (msg) => {
        const { request, response } = msg as { request: object; response: { statusCode?: number } };
        finish(request, response.statusCode);
      },
    ],
    [
      'undici:request:error',
      (msg) => {
        const { request, error } = msg as { request: object; error: unknown };
        finish(request, undefined, error);
      },
    ],
    [
      // Node ≥ 22.12 speaks before the headers are written: the request can carry the traceparent.
      'http.client.request.created',
      (msg) => {
        const { request } = msg as { request: NodeRequest };
        const span = nodeSpan(request);
        if (!span) return;
        spans.set(request, span);
        try {
          if (span.traceparent && !request.getHeader?.('traceparent'))
            request.setHeader?.('traceparent', span.traceparent);
        } catch {
          // headers already written: the span is recorded all the same
        }
      },
    ],
    [
      'http.client.request.start',
      (msg) => {
        const { request } = msg as { request: NodeRequest };
        if (spans.has(request)) return;
        const span = nodeSpan(request);
        if (span) spans.set(request, span);
      },
    ],
    [
      'http.client.response.finish',
      (msg) => {
        const { request, response } = msg as { request: object; response: { statusCode?: number } };
        finish(request, response.statusCode);
      },
    ],
    [
      'http.client.request.error',
      (msg) => {
        const { request, error } = msg as { request: object; error: unknown };
        finish(request, undefined, error);
      },
    ],
  ];
  for (const [name, fn] of handlers) dc.subscribe(name, fn);
  return () => {
    for (const [name, fn] of handlers) dc.unsubscribe(name, fn);
  };
}
