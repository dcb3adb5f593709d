import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from '../../../log';
import { runWithLogContext } from '../../../log';
import { childTrace } from '../../../trace';
import { startSpan, tracingEnabled } from '../../../tracing';
import '../../context';

const SAFE_ID = /^[\w.:-]{1,128}$/;
/** Probes and scrapes (`/_/health`, `/_/metrics`, …) make no spans; event deliveries (`/_/events`) do. */
const UNTRACED = /^\/_\/(?!events$)/;

/**
 * Gives each request an id (the caller's `x-request-id` when sane) and a W3C trace context continuing
 * the caller's `traceparent`; both ride on every log line and on every event the request causes. With
 * tracing on, that context is the request's SERVER span, named after its route template.
 */
export function requestContext({ log }: { log: Logger }): MiddlewareHandler {
  return async function requestContextMiddleware(c, next) {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
    const span =
      tracingEnabled() && !UNTRACED.test(c.req.path)
        ? startSpan(c.req.method, {
            kind: 'server',
            parent: c.req.header('traceparent') ?? null,
            attributes: { 'http.request.method': c.req.method, 'url.path': c.req.path, 'url.scheme': 'http' },
          })
        : undefined;
    const trace =
      span?.traceparent && span.traceId
        ? { traceparent: span.traceparent, traceId: span.traceId }
        : childTrace(c.req.header('traceparent'));
    c.set('requestId', requestId);
    c.set('traceparent', trace.traceparent);
    c.set('log', log); // the logger's mixin adds requestId and trace ids from the async context
    try {
      await runWithLogContext(
        { requestId, traceparent: trace.traceparent, traceId: trace.traceId },
        async () => {
          await next();
        },
      );
    } finally {
      if (span) {
        const route = routePath(c);
        const status = c.res.status;
        if (route && route !== '/*' && route !== '*') {
          span.updateName(`${c.req.method} ${route}`);
          span.setAttributes({ 'http.route': route });
        }
        span.setAttributes({ 'http.response.status_code': status });
        if (status >= 500) span.fail({ name: String(status) });
        span.end();
      }
    }
    c.header('x-request-id', requestId);
  };
}
