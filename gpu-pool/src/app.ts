import { AppError, toProblem } from '@atelier/shared/errors';
import { createFunction } from '@atelier/shared/http/create-function';
import type { Logger } from '@atelier/shared/log';
import type { Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ModelPool } from './batching/pool';
import { createPoolMetrics } from './metrics';
import { imageRoutes } from './routes/images';
import { modelRoutes } from './routes/models';
import { type Moderate, moderationRoutes } from './routes/moderations';
import { runRoutes } from './routes/run';

export interface AppDeps {
  pool: ModelPool;
  moderate: Moderate;
  log: Logger;
  version: string;
  bodyLimitBytes: number;
}

/** OpenAI's error `type` (its SDKs read it beside `code` and `message`). */
const openAiType = (status: number) =>
  status === 401
    ? 'authentication_error'
    : status === 403
      ? 'permission_error'
      : status === 429
        ? 'rate_limit_error'
        : status < 500
          ? 'invalid_request_error'
          : 'server_error';

/**
 * Errors in OpenAI's shape, `{ error: { message, type, code, param } }`, so an `openai` client pointed
 * at the pool raises its usual APIError subclasses; the platform's `details` and `requestId` stay.
 */
function renderError(err: AppError, c: Context) {
  const { error } = toProblem(err, c.get('requestId'));
  const details = error.details as { param?: string; retryAfterSeconds?: number } | undefined;
  if (details?.retryAfterSeconds) c.header('retry-after', String(details.retryAfterSeconds));
  const param = details?.param ?? (Array.isArray(error.details) ? error.details[0]?.path : undefined) ?? null;
  return c.json({ error: { ...error, type: openAiType(err.status), param } }, err.status as 400);
}

/** The pool's HTTP surface: the platform's shell (health, metrics, limits, logs) plus OpenAI routes. */
export async function createApp(deps: AppDeps): Promise<Hono> {
  const { app, metrics } = createFunction({
    name: 'gpu-pool',
    version: deps.version,
    log: deps.log,
    checks: [deps.pool.healthCheck()],
    bodyLimitBytes: deps.bodyLimitBytes,
  });
  deps.pool.observer = await createPoolMetrics(metrics, deps.pool);

  app.onError((err, c) => {
    if (err instanceof AppError) return renderError(err, c);
    if (err instanceof HTTPException && err.status < 500) {
      return renderError(new AppError('validation_failed', err.status, err.message || 'Bad request'), c);
    }
    // As the shell does: names and stack frames only, never messages (a runtime's may carry data).
    const e = err as { name?: string; code?: string };
    const frames = err.stack
      ?.split('\n')
      .filter((l) => l.startsWith('    at '))
      .slice(0, 8)
      .join('\n');
    (c.get('log') ?? deps.log).error({ err: { name: e.name, code: e.code, frames } }, 'unhandled error');
    return renderError(new AppError('internal_error', 500, 'Internal error'), c);
  });
  app.notFound((c) => renderError(new AppError('not_found', 404, 'No such route'), c));

  modelRoutes(app, deps.pool);
  moderationRoutes(app, deps.pool, deps.moderate);
  imageRoutes(app, deps.pool);
  runRoutes(app, deps.pool);
  return app;
}
