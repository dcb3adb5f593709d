import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../../log';
import { runWithLogContext } from '../../../log';
import { childTrace } from '../../../trace';
import '../../context';

const SAFE_ID = /^[\w.:-]{1,128}$/;

/**
 * Gives each request an id (the caller's `x-request-id` when sane) and a W3C trace context continuing
 * the caller's `traceparent`; both ride on every log line and on every event the request causes.
 */
export function requestContext({ log }: { log: Logger }): MiddlewareHandler {
  return async function requestContextMiddleware(c, next) {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
    const trace = childTrace(c.req.header('traceparent'));
    c.set('requestId', requestId);
    c.set('traceparent', trace.traceparent);
    c.set('log', log); // the logger's mixin adds requestId and trace ids from the async context
    await runWithLogContext(
      { requestId, traceparent: trace.traceparent, traceId: trace.traceId },
      async () => {
        await next();
      },
    );
    c.header('x-request-id', requestId);
  };
}
