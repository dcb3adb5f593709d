import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Metrics } from '../../../metrics';

/** Counts and times requests by route pattern (never by raw path, which would explode label cardinality). */
export function httpMetrics({ metrics }: { metrics: Metrics }): MiddlewareHandler {
  return async function httpMetricsMiddleware(c, next) {
    const started = performance.now();
    await next();
    const labels = { method: c.req.method, route: routePath(c) || 'unmatched', code: String(c.res.status) };
    metrics.observe(labels, (performance.now() - started) / 1000);
  };
}
