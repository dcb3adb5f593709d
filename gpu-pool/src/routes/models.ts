import type { Hono } from 'hono';
import { PoolError } from '../batching/errors';
import type { ModelPool, Served } from '../batching/pool';

/** OpenAI's model object, with what the pool adds: the task, runtime and execution provider in use. */
const describe = (s: Served) => ({
  id: s.model.name,
  object: 'model' as const,
  created: s.created,
  owned_by: 'atelier-gpu-pool',
  version: s.model.version,
  task: s.model.task,
  runtime: s.model.runtime,
  execution_provider: s.model.executionProvider,
  max_batch_size: s.model.maxBatchSize,
  max_queue_delay_ms: s.model.maxQueueDelayMs,
  input_shape: s.model.input.shape,
  output_shape: s.model.output.shape,
  ...(s.entry.config.scale ? { scale: s.entry.config.scale } : {}),
  ...(s.entry.config.labels ? { labels: s.entry.config.labels } : {}),
});

/** `GET /v1/models` lists what has loaded so far (everything once ready); `GET /v1/models/:id` one. */
export function modelRoutes(app: Hono, pool: ModelPool): void {
  app.get('/v1/models', (c) => c.json({ object: 'list', data: pool.models().map(describe) }));
  app.get('/v1/models/:id', (c) => {
    const found = pool.models().find((s) => s.model.name === c.req.param('id'));
    if (!found) throw new PoolError('model_not_found', 404, `No model ${c.req.param('id')} is loaded`);
    return c.json(describe(found));
  });
}
