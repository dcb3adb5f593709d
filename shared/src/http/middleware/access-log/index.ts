import type { MiddlewareHandler } from 'hono';
import '../../context';

/** One line per request; probes and scrapes only at debug so they do not drown real traffic. */
export function accessLog(): MiddlewareHandler {
  return async function accessLogMiddleware(c, next) {
    const started = performance.now();
    await next();
    const path = c.req.path;
    const quiet = path === '/_/health' || path === '/_/metrics';
    const line = {
      method: c.req.method,
      path,
      status: c.res.status,
      ms: +(performance.now() - started).toFixed(2),
    };
    c.get('log')[quiet ? 'debug' : 'info'](line, 'request');
  };
}
