import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { AppError, type ErrorCode, toProblem } from '../errors';
import { type HealthCheck, runChecks } from '../health';
import type { Logger } from '../log';
import { createMetrics } from '../metrics';
import { afterReady } from './lifecycle';
import { accessLog } from './middleware/access-log';
import { httpMetrics } from './middleware/http-metrics';
import { requestContext } from './middleware/request-context';
import './context';

export interface FunctionOptions {
  name: string;
  version: string;
  log: Logger;
  /** Dependencies that must answer for `/_/health` to report ready. */
  checks?: HealthCheck[];
  bodyLimitBytes?: number;
}

const statusCode = (status: number): ErrorCode => {
  switch (status) {
    case 400:
      return 'validation_failed';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    default:
      return status < 500 ? 'validation_failed' : 'internal_error';
  }
};

/**
 * The common shell of every function: request id and trace context, access log, Prometheus metrics,
 * body-size limit, secure headers, `/_/health`, `/_/metrics`, and one error renderer
 * (`{ error: { code, message, details, requestId } }`).
 */
export function createFunction(options: FunctionOptions) {
  const { log, checks = [] } = options;
  const metrics = createMetrics(options.name);
  afterReady(metrics.load);
  const app = new Hono();

  app.use(requestContext({ log }));
  app.use(accessLog());
  app.use(httpMetrics({ metrics }));
  app.use(secureHeaders());
  app.use(
    bodyLimit({
      maxSize: options.bodyLimitBytes ?? 1_048_576,
      onError: () => {
        throw new AppError(
          'payload_too_large',
          413,
          `The request body exceeds ${options.bodyLimitBytes ?? 1_048_576} bytes`,
        );
      },
    }),
  );

  const health = async (c: Context) => {
    const report = await runChecks(checks);
    return c.json(
      { function: options.name, version: options.version, ...report },
      report.status === 'ok' ? 200 : 503,
    );
  };
  app.get('/_/health', health);
  // Kubernetes probes `/_/ready`: behind of-watchdog it is the watchdog's, which asks `/_/health`;
  // an image without the watchdog (gpu-pool) answers it here, the same way.
  app.get('/_/ready', health);
  app.get('/_/metrics', async (c) => {
    const { contentType, body } = await metrics.render();
    return c.text(body, 200, { 'content-type': contentType });
  });

  app.notFound((c) =>
    c.json(toProblem(new AppError('not_found', 404, 'No such route'), c.get('requestId')), 404),
  );
  app.onError((err, c) => {
    const requestId = c.get('requestId');
    if (err instanceof AppError) {
      if (err.status >= 500) c.get('log')?.warn({ code: err.code, reason: err.message }, 'request failed');
      if (err.code === 'rate_limited' || err.code === 'retry_later') {
        const seconds = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        if (seconds) c.header('retry-after', String(seconds));
      }
      return c.json(toProblem(err, requestId), err.status as 400);
    }
    if (err instanceof HTTPException && err.status < 500) {
      return c.json(
        toProblem(new AppError(statusCode(err.status), err.status, err.message || 'Bad request'), requestId),
        err.status,
      );
    }
    // Unknown failures: log names, codes and stack frames only. Messages are left out on purpose: a
    // driver's (e.g. DrizzleQueryError's) carries the query and its parameters.
    const e = err as { name?: string; code?: string; cause?: { name?: string; code?: string } };
    const frames = (err as Error).stack
      ?.split('\n')
      .filter((l) => l.startsWith('    at '))
      .slice(0, 8)
      .join('\n');
    const cause = e.cause ? { name: e.cause.name, code: e.cause.code } : undefined;
    (c.get('log') ?? log).error({ err: { name: e.name, code: e.code, cause, frames } }, 'unhandled error');
    return c.json(toProblem(new AppError('internal_error', 500, 'Internal error'), requestId), 500);
  });

  return { app, metrics };
}
