import { RetryLaterError } from '@atelier/shared/errors';
import type { LoadedModel } from '../runtime/types';
import { CancelledError, DeadlineExceededError } from './errors';

/** What the batcher reports; the Prometheus side lives in src/metrics.ts. All optional. */
export interface BatchObserver {
  /** Items waiting (not counting the batch in flight), after every change. */
  queueDepth?(model: string, depth: number): void;
  /** Seconds one item waited between submit and the start of its batch. */
  queued?(model: string, seconds: number): void;
  /** One model run: how many items, how long, whether it failed. */
  batch?(model: string, size: number, seconds: number, ok: boolean): void;
}

export interface BatcherOptions {
  /** Items allowed to wait; one more is refused with 503 `retry_later` (the batch in flight is not counted). */
  maxQueue: number;
  /** Applied when `submit` names none; unset = no deadline. */
  defaultDeadlineMs?: number | undefined;
  observer?: BatchObserver | undefined;
}

export interface SubmitOptions {
  /** From submit: past it the promise rejects with 504 `deadline_exceeded`, queued or running. */
  deadlineMs?: number | undefined;
  /** The caller went away: a queued item leaves the queue (freeing its slot) and rejects. */
  signal?: AbortSignal | undefined;
}

interface Pending {
  item: Float32Array;
  enqueuedAt: number;
  settled: boolean;
  resolve(out: Float32Array): void;
  reject(err: unknown): void;
  deadline?: NodeJS.Timeout;
  signal?: AbortSignal | undefined;
  onAbort?: () => void;
}

/**
 * Dynamic batching for one model (Triton's scheme): concurrent items are collected until the model's
 * `maxBatchSize` is reached or `maxQueueDelayMs` has passed since the oldest waiting item, then run as
 * one `runBatch` and split back. One batch runs at a time per model (a model's runtime uses the whole
 * device or all its threads); the next batch forms while it runs and starts as soon as it ends.
 */
export class Batcher {
  private readonly queue: Pending[] = [];
  private inFlight = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly itemLength: number;
  /** Smoothed batch duration, for the Retry-After estimate. */
  private batchMs = 0;
  /** Model runs so far (batch sizes go to the observer). */
  runs = 0;

  constructor(
    readonly model: LoadedModel,
    private readonly options: BatcherOptions,
  ) {
    this.itemLength = model.input.shape.reduce((a, b) => a * b, 1);
  }

  /** Items waiting for a batch. */
  get depth(): number {
    return this.queue.length;
  }

  submit(item: Float32Array, opts: SubmitOptions = {}): Promise<Float32Array> {
    const name = this.model.name;
    if (item.length !== this.itemLength) {
      // A pre-processing bug, not the client's: the item would corrupt its batch neighbours' slots.
      return Promise.reject(
        new Error(`Model ${name} takes items of ${this.itemLength} values, got ${item.length}`),
      );
    }
    if (opts.signal?.aborted) return Promise.reject(new CancelledError(name));
    if (this.closed) return Promise.reject(new RetryLaterError(`Model ${name} is shutting down`, 5));
    if (this.queue.length >= this.options.maxQueue) {
      return Promise.reject(
        new RetryLaterError(
          `Model ${name} has ${this.queue.length} requests waiting; try again shortly`,
          this.retryAfterSeconds(),
        ),
      );
    }
    return new Promise<Float32Array>((resolve, reject) => {
      const p: Pending = { item, enqueuedAt: performance.now(), settled: false, resolve, reject };
      const deadlineMs = opts.deadlineMs ?? this.options.defaultDeadlineMs;
      if (deadlineMs !== undefined) {
        p.deadline = setTimeout(() => this.fail(p, new DeadlineExceededError(name, deadlineMs)), deadlineMs);
      }
      if (opts.signal) {
        p.signal = opts.signal;
        p.onAbort = () => this.fail(p, new CancelledError(name));
        opts.signal.addEventListener('abort', p.onAbort, { once: true });
      }
      this.queue.push(p);
      this.reportDepth();
      this.schedule();
    });
  }

  /** Refuses new items and rejects the waiting ones (503); the batch in flight finishes. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const p of [...this.queue])
      this.fail(p, new RetryLaterError(`Model ${this.model.name} is shutting down`, 5));
  }

  private retryAfterSeconds(): number {
    const batchesAhead = Math.ceil(this.queue.length / this.model.maxBatchSize) + 1;
    return Math.max(1, Math.ceil((batchesAhead * this.batchMs) / 1000));
  }

  private reportDepth(): void {
    this.options.observer?.queueDepth?.(this.model.name, this.queue.length);
  }

  private settle(p: Pending): boolean {
    if (p.settled) return false;
    p.settled = true;
    clearTimeout(p.deadline);
    if (p.onAbort) p.signal?.removeEventListener('abort', p.onAbort);
    return true;
  }

  /** Deadline, abort or a failed batch: a queued item also gives its slot back. */
  private fail(p: Pending, err: unknown): void {
    if (!this.settle(p)) return;
    const i = this.queue.indexOf(p);
    if (i >= 0) {
      this.queue.splice(i, 1);
      this.reportDepth();
      if (this.queue.length === 0) {
        clearTimeout(this.timer);
        this.timer = undefined;
      }
    }
    p.reject(err);
  }

  private schedule(): void {
    if (this.inFlight || this.queue.length === 0) return;
    const head = this.queue[0]!;
    const left = this.model.maxQueueDelayMs - (performance.now() - head.enqueuedAt);
    if (this.queue.length >= this.model.maxBatchSize || left <= 0) {
      void this.dispatch();
      return;
    }
    // A timer set for an older head that has since left fires early and simply re-schedules.
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    }, left);
  }

  private async dispatch(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue.splice(0, this.model.maxBatchSize);
    this.inFlight = true;
    this.reportDepth();
    const started = performance.now();
    const name = this.model.name;
    for (const p of batch) this.options.observer?.queued?.(name, (started - p.enqueuedAt) / 1000);
    this.runs++;
    let ok = false;
    try {
      const outputs = await this.model.runBatch(batch.map((p) => p.item));
      if (outputs.length !== batch.length) {
        throw new Error(`Model ${name} returned ${outputs.length} outputs for ${batch.length} items`);
      }
      ok = true;
      batch.forEach((p, i) => {
        if (this.settle(p)) p.resolve(outputs[i]!);
      });
    } catch (err) {
      for (const p of batch) this.fail(p, err);
    } finally {
      const ms = performance.now() - started;
      this.batchMs = this.batchMs === 0 ? ms : this.batchMs * 0.8 + ms * 0.2;
      this.options.observer?.batch?.(name, batch.length, ms / 1000, ok);
      this.inFlight = false;
      this.schedule();
    }
  }
}
