import { RetryLaterError } from '@atelier/shared/errors';
import type { HealthCheck } from '@atelier/shared/health';
import { type LoadedEntry, type LoadOptions, loadEntry, type RepositoryEntry } from '../repository/load';
import type { LoadedModel, ModelTask } from '../runtime/types';
import { Batcher, type BatchObserver, type SubmitOptions } from './batcher';
import { PoolError } from './errors';

/** One served model: what the repository said, the loaded runtime, and its batcher. */
export interface Served {
  entry: LoadedEntry;
  model: LoadedModel;
  batcher: Batcher;
  /** Unix seconds when it finished loading (OpenAI's `created`). */
  created: number;
  /** Runs items through the batcher (each its own slot, so they share batches with other requests). */
  run(items: Float32Array[], opts?: SubmitOptions): Promise<Float32Array[]>;
}

export interface PoolOptions {
  maxQueue: number;
  deadlineMs?: number | undefined;
}

/**
 * The models the process serves. Loading happens after the server listens; until every configured
 * model has loaded and answered its warm-up, `/_/health` reports how far it got and answers 503.
 */
export class ModelPool {
  state: 'loading' | 'ready' | 'failed' = 'loading';
  private failure: string | undefined;
  private readonly served = new Map<string, Served>();
  /** Set by the app once its metrics exist; batchers forward to whatever is set at the time. */
  observer: BatchObserver | undefined;

  constructor(
    readonly entries: RepositoryEntry[],
    readonly options: PoolOptions,
  ) {}

  async load(options: LoadOptions): Promise<void> {
    try {
      for (const entry of this.entries) {
        const loaded = await loadEntry(entry, options);
        this.add(loaded);
      }
      this.state = 'ready';
    } catch (err) {
      this.state = 'failed';
      this.failure = (err as Error).message;
      throw err;
    }
  }

  private add(entry: LoadedEntry): void {
    const forward: BatchObserver = {
      queueDepth: (m, n) => this.observer?.queueDepth?.(m, n),
      queued: (m, s) => this.observer?.queued?.(m, s),
      batch: (m, size, s, ok) => this.observer?.batch?.(m, size, s, ok),
    };
    const batcher = new Batcher(entry.model, {
      maxQueue: this.options.maxQueue,
      defaultDeadlineMs: this.options.deadlineMs,
      observer: forward,
    });
    this.served.set(entry.name, {
      entry,
      model: entry.model,
      batcher,
      created: Math.floor(Date.now() / 1000),
      run: (items, opts) => Promise.all(items.map((item) => batcher.submit(item, opts))),
    });
  }

  models(): Served[] {
    return [...this.served.values()];
  }

  /**
   * The model a request asked for (`name`), or the first configured one of the task (and scale).
   * 404 `model_not_found` for an unknown name or one of another task; 503 while still loading.
   */
  pick(task: ModelTask, name?: string, scale?: number): Served {
    if (this.state !== 'ready') {
      throw new RetryLaterError('The pool is still loading its models; try again shortly', 5);
    }
    const candidates = this.models().filter(
      (s) => s.model.task === task && (name === undefined || s.model.name === name),
    );
    const found = candidates.find((s) => scale === undefined || s.entry.config.scale === scale);
    if (found) return found;
    const what = [name && `named ${name}`, scale && `of scale ×${scale}`].filter(Boolean).join(' ');
    throw new PoolError(
      'model_not_found',
      404,
      `No ${task} model ${what || 'is loaded'}${what ? ' is loaded' : ''}; GET /v1/models lists them`,
      { task, model: name, scale },
    );
  }

  /** For createFunction's `/_/health`: fails (503) with the progress until the pool is ready. */
  healthCheck(): HealthCheck {
    return {
      name: 'models',
      run: async () => {
        if (this.state === 'ready') return;
        const done = this.served.size;
        const total = this.entries.length;
        const next = this.entries[done]?.name;
        throw new Error(
          this.state === 'failed'
            ? `start-up failed: ${this.failure}`
            : `loading: ${done}/${total} ready${next ? `, loading ${next}` : ''}`,
        );
      },
    };
  }

  async close(): Promise<void> {
    for (const s of this.served.values()) s.batcher.close();
    await Promise.allSettled([...this.served.values()].map((s) => s.model.dispose()));
  }
}
