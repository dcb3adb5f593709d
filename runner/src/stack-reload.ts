import { existsSync, type FSWatcher, readFileSync, watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { eventTypes } from '@atelier/shared/events/catalog';
import type { Logger } from '@atelier/shared/log';
import { type FunctionSpec, functionSpecs, parseStack, StackError } from '@atelier/shared/stack/load';
import { buildFunction, bundlePath } from './build';
import type { CronScheduler } from './cron';
import type { EventRouter } from './event-router';
import type { FunctionInstance } from './function-instance';
import type { Gateway } from './gateway';
import { describeDiff, diffSpecs, isEmptyDiff, type SpecDiff } from './spec-diff';

/** What the reloader changes in a running platform. */
export interface ReloadTarget {
  root: string;
  bundleRoot: string;
  env: Record<string, string | undefined>;
  log: Logger;
  instances: Map<string, FunctionInstance>;
  timeouts: Map<string, number>;
  router: EventRouter;
  cron: CronScheduler;
  gateway: () => Gateway | undefined;
  /** A new instance for a function the edit added. */
  createInstance(spec: FunctionSpec, bundle: string): FunctionInstance;
  /** The settings an instance of this spec gets (environment, idle time). */
  instanceSettings(spec: FunctionSpec): { env: Record<string, string | undefined>; idleMs: number };
  /** Makes the secret files of newly named secrets. */
  prepareSecrets(names: string[]): void;
  onScaleToZero(name: string): void;
}

export interface ReloadAttempt {
  at: string;
  ok: boolean;
  ms: number;
  changes: string[];
  /** Why the edit was refused (the stack keeps running as it was). */
  errors?: string[];
  /** Applied, but a part (the event router, say) could not follow yet. */
  warnings?: string[];
}

export interface StackStatus {
  file: string;
  generation: number;
  loadedAt: string;
  lastAttempt?: ReloadAttempt;
}

const DEBOUNCE_MS = 75;

/**
 * Hot reload of stack.yml: the file is watched (its folder, since editors replace files by renaming), each
 * edit validated with the stack schema and the event catalogue, diffed against the running specs and
 * applied — routes, triggers, schedules, scaling and concurrency in place, new functions built and added,
 * removed ones stopped, a function whose code or environment changed restarted. An invalid edit is refused
 * and reported (log, `/_/health`), and the old stack keeps running.
 */
export class StackReloader {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private lastText: string;
  readonly status: StackStatus;

  constructor(
    private readonly file: string,
    private specs: FunctionSpec[],
    private readonly target: ReloadTarget,
  ) {
    this.lastText = existsSync(file) ? readFileSync(file, 'utf8') : '';
    this.status = { file, generation: 1, loadedAt: new Date().toISOString() };
  }

  get current(): FunctionSpec[] {
    return this.specs;
  }

  watch(): void {
    const base = basename(this.file);
    try {
      this.watcher = watch(dirname(this.file), { persistent: false }, (_event, name) => {
        if (name === null || name === base) this.schedule();
      });
    } catch (err) {
      // No file events here (inotify limits, some network mounts): `atelier stack reload` still works.
      this.target.log.warn(
        { err: (err as Error).message },
        'cannot watch stack.yml; use atelier stack reload',
      );
      return;
    }
    this.watcher.on('error', (err) =>
      this.target.log.warn({ err: err.message }, 'cannot watch stack.yml any more'),
    );
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload();
    }, DEBOUNCE_MS);
    this.timer.unref();
  }

  /** Reads the file and applies it if it changed; one reload at a time. */
  reload(): Promise<ReloadAttempt | undefined> {
    const next = this.chain.then(() => this.reloadNow());
    this.chain = next.catch(() => {});
    return next;
  }

  private async reloadNow(): Promise<ReloadAttempt | undefined> {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return undefined; // mid-replace: the rename that follows brings another event
    }
    if (text === this.lastText) return undefined;
    this.lastText = text;
    const started = performance.now();
    const attempt = (ok: boolean, extra: Partial<ReloadAttempt>): ReloadAttempt => {
      const a = {
        at: new Date().toISOString(),
        ok,
        ms: Math.round(performance.now() - started),
        changes: [],
        ...extra,
      };
      this.status.lastAttempt = a;
      return a;
    };
    let next: FunctionSpec[];
    try {
      next = functionSpecs(parseStack(text, { env: this.target.env, knownEventTypes: eventTypes() }));
    } catch (err) {
      const errors = err instanceof StackError ? err.problems : [(err as Error).message];
      this.target.log.error(
        { file: this.file, errors },
        'stack.yml edit refused; still running the old stack',
      );
      return attempt(false, { errors });
    }
    const diff = diffSpecs(this.specs, next);
    const changes = describeDiff(diff);
    if (isEmptyDiff(diff)) return attempt(true, { changes });
    try {
      const warnings = await this.apply(next, diff);
      this.specs = next;
      this.status.generation++;
      this.status.loadedAt = new Date().toISOString();
      this.target.log.info({ changes, warnings }, 'stack.yml reloaded');
      return attempt(true, { changes, ...(warnings.length > 0 ? { warnings } : {}) });
    } catch (err) {
      const errors = [(err as Error).message];
      this.target.log.error({ errors, changes }, 'stack.yml edit refused; still running the old stack');
      return attempt(false, { changes, errors });
    }
  }

  /** Throws (changing nothing) while the edit cannot be applied; returns what only half worked. */
  private async apply(next: FunctionSpec[], diff: SpecDiff): Promise<string[]> {
    const t = this.target;
    const bySpec = new Map(next.map((s) => [s.name, s]));
    const old = new Map(this.specs.map((s) => [s.name, s]));
    const rebuilt = new Set(diff.changed.filter((c) => c.fields.includes('handler')).map((c) => c.name));
    // Everything that can fail comes first: handler folders and bundles of new or moved functions.
    const missing = [...diff.added, ...rebuilt].filter(
      (n) => !existsSync(resolve(t.root, bySpec.get(n)!.handler, 'src', 'main.ts')),
    );
    if (missing.length > 0)
      throw new Error(
        missing.map((n) => `function "${n}": no handler at ${bySpec.get(n)!.handler}/src/main.ts`).join('; '),
      );
    await Promise.all(
      [...diff.added, ...rebuilt]
        .filter((n) => rebuilt.has(n) || !existsSync(bundlePath(t.bundleRoot, n)))
        .map((n) => buildFunction(bySpec.get(n)!, t.root, t.bundleRoot)),
    );
    const oldSecrets = new Set(this.specs.flatMap((s) => s.secrets));
    t.prepareSecrets(next.flatMap((s) => s.secrets).filter((s) => !oldSecrets.has(s)));

    for (const name of diff.added) {
      const spec = bySpec.get(name)!;
      t.instances.set(name, t.createInstance(spec, bundlePath(t.bundleRoot, name)));
    }
    for (const s of next) t.timeouts.set(s.name, s.timeoutMs);
    await Promise.all(
      diff.changed.map(async (c) => {
        const instance = t.instances.get(c.name)!;
        const spec = bySpec.get(c.name)!;
        await instance.update({
          spec,
          bundle: bundlePath(t.bundleRoot, c.name),
          ...t.instanceSettings(spec),
        });
        if (
          rebuilt.has(c.name) &&
          old.get(c.name)?.handler !== spec.handler &&
          instance.state !== 'stopped'
        ) {
          await instance.stop('reload');
          if (spec.longRunning) await instance.ensureStarted();
        }
      }),
    );
    t.gateway()?.setRoutes(next.flatMap((s) => s.routes.map((prefix) => ({ prefix, fn: s.name }))));
    const warnings: string[] = [];
    try {
      const r = await t.router.apply(next);
      if (r.added.length + r.removed.length > 0)
        t.log.info({ added: r.added, removed: r.removed }, 'event triggers changed');
    } catch (err) {
      warnings.push(`event router: ${(err as Error).message} (applied when RabbitMQ is back)`);
    }
    t.cron.update(next);
    for (const name of diff.removed) {
      const instance = t.instances.get(name);
      t.instances.delete(name);
      t.timeouts.delete(name);
      await instance?.stop('reload');
      t.onScaleToZero(name);
    }
    const started = diff.added.filter((n) => bySpec.get(n)!.longRunning);
    const failed: string[] = [];
    await Promise.all(
      started.map((n) =>
        t.instances
          .get(n)!
          .ensureStarted()
          .catch((err: Error) => failed.push(`function "${n}" did not start: ${err.message}`)),
      ),
    );
    return [...warnings, ...failed];
  }

  stop(): void {
    this.watcher?.close();
    if (this.timer) clearTimeout(this.timer);
  }
}
