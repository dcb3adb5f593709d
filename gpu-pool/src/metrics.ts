import { loadPromClient, type Metrics } from '@atelier/shared/metrics';
import type { BatchObserver } from './batching/batcher';
import type { ModelPool } from './batching/pool';

/**
 * The pool's Prometheus series, on the function's registry (served at /_/metrics beside the HTTP
 * ones). Images per second is `rate(gpu_pool_items_total{outcome="ok"}[1m])`.
 */
export async function createPoolMetrics(metrics: Metrics, pool: ModelPool): Promise<BatchObserver> {
  const { registry } = await metrics.load();
  const { Counter, Gauge, Histogram } = await loadPromClient();
  const registers = [registry];
  const depth = new Gauge({
    name: 'gpu_pool_queue_depth',
    help: 'Items waiting for a batch, per model',
    labelNames: ['model'],
    registers,
  });
  const batchSize = new Histogram({
    name: 'gpu_pool_batch_size',
    help: 'Items per model run',
    labelNames: ['model'],
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers,
  });
  const queued = new Histogram({
    name: 'gpu_pool_queue_seconds',
    help: 'Time an item waited for its batch',
    labelNames: ['model'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const inference = new Histogram({
    name: 'gpu_pool_inference_seconds',
    help: 'Duration of one model run (a whole batch)',
    labelNames: ['model'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const items = new Counter({
    name: 'gpu_pool_items_total',
    help: 'Items run by the model (images or tiles); rate() gives images per second',
    labelNames: ['model', 'outcome'],
    registers,
  });
  new Gauge({
    name: 'gpu_pool_model_info',
    help: 'Models served, with their runtime and the execution provider in use (value 1)',
    labelNames: ['model', 'version', 'task', 'runtime', 'execution_provider'],
    registers,
    collect() {
      this.reset();
      for (const { model } of pool.models()) {
        this.set(
          {
            model: model.name,
            version: model.version,
            task: model.task,
            runtime: model.runtime,
            execution_provider: model.executionProvider,
          },
          1,
        );
      }
    },
  });
  new Gauge({
    name: 'gpu_pool_ready',
    help: '1 once every configured model has loaded and answered its warm-up',
    registers,
    collect() {
      this.set(pool.state === 'ready' ? 1 : 0);
    },
  });
  return {
    queueDepth: (model, n) => depth.set({ model }, n),
    queued: (model, seconds) => queued.observe({ model }, seconds),
    batch(model, size, seconds, ok) {
      batchSize.observe({ model }, size);
      inference.observe({ model }, seconds);
      items.inc({ model, outcome: ok ? 'ok' : 'error' }, size);
    },
  };
}
