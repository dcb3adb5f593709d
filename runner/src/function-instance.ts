import { type ChildProcess, fork } from 'node:child_process';
import { Agent } from 'node:http';
import type { Logger } from '@atelier/shared/log';
import type { FunctionSpec } from '@atelier/shared/stack/load';

export type InstanceState = 'stopped' | 'starting' | 'ready' | 'stopping';

export interface InstanceOptions {
  spec: FunctionSpec;
  bundle: string;
  env: Record<string, string | undefined>;
  idleMs: number;
  log: Logger;
  startTimeoutMs?: number;
  onColdStart?: (name: string, ms: number) => void;
  onScale?: (name: string, replicas: 0 | 1) => void;
  /** Pre-booted Node.js processes to load the bundle into, when there is one ready. */
  pool?: { take(): ChildProcess | undefined };
}

/**
 * One function's process under the local runner: started on its first request or event (scale from
 * zero), shared by every request that arrives meanwhile (one start, never a herd), and stopped once it
 * has been idle for its zero-duration (scale to zero). Long-running functions start at boot and stay.
 */
export class FunctionInstance {
  state: InstanceState = 'stopped';
  port = 0;
  inflight = 0;
  starts = 0;
  lastColdStartMs = 0;
  /** When the process last became ready (ms since the epoch; 0 = never). */
  lastStartedAt = 0;
  /** The last thing that went wrong: a failed start, an unexpected exit, a 5xx or a failed delivery. */
  lastError: { at: string; message: string } | undefined;
  /**
   * Sockets to the function: at least its declared concurrency, so a connection holder (SSE streams of
   * `stream`, concurrency 1,000) is not capped by the gateway before its own limit.
   */
  readonly agent: Agent;
  private child: ChildProcess | undefined;
  private starting: Promise<number> | undefined;
  private stopping: Promise<void> | undefined;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private opts: InstanceOptions) {
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: Math.max(256, opts.spec.concurrency),
      keepAliveMsecs: 30_000,
    });
  }

  get name() {
    return this.opts.spec.name;
  }
  get pid() {
    return this.child?.pid;
  }
  get spec() {
    return this.opts.spec;
  }
  get bundle() {
    return this.opts.bundle;
  }
  get idleMs() {
    return this.opts.idleMs;
  }

  noteError(message: string): void {
    this.lastError = { at: new Date().toISOString(), message: message.slice(0, 500) };
  }

  /**
   * Takes new settings from an edited stack.yml. Scaling, concurrency and timeouts apply at once; a new
   * bundle or environment restarts the process (gracefully: it finishes what it holds, and the next
   * request or event starts it again with the new settings). Resolves once that is done.
   */
  async update(
    next: Pick<InstanceOptions, 'spec' | 'bundle' | 'env' | 'idleMs'>,
  ): Promise<'restarted' | 'updated'> {
    const restart =
      next.bundle !== this.opts.bundle || JSON.stringify(next.env) !== JSON.stringify(this.opts.env);
    const wasLongRunning = this.opts.spec.longRunning;
    this.opts = { ...this.opts, ...next };
    this.agent.maxSockets = Math.max(256, next.spec.concurrency);
    if (restart && this.state !== 'stopped') {
      if (this.starting) await this.starting.catch(() => {});
      await this.stop('reload');
      if (next.spec.longRunning) await this.ensureStarted();
      return 'restarted';
    }
    if (next.spec.longRunning && this.state === 'stopped') await this.ensureStarted();
    else if (wasLongRunning && !next.spec.longRunning && this.inflight === 0) this.armIdle();
    else if (this.state === 'ready' && this.inflight === 0) this.armIdle();
    return restart ? 'restarted' : 'updated';
  }

  /** Resolves with the port of a ready process, starting one if needed. */
  async acquire(): Promise<number> {
    this.inflight++;
    this.clearIdle();
    if (this.state === 'ready') return this.port;
    try {
      return await this.ensureStarted();
    } catch (err) {
      this.release();
      throw err;
    }
  }

  release(): void {
    this.inflight = Math.max(0, this.inflight - 1);
    if (this.inflight === 0) this.armIdle();
  }

  async ensureStarted(): Promise<number> {
    if (this.state === 'ready') return this.port;
    if (this.stopping) await this.stopping;
    this.starting ??= this.spawn().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private spawn(): Promise<number> {
    const started = performance.now();
    this.state = 'starting';
    return new Promise<number>((resolve, reject) => {
      const env = { ...this.opts.env, PORT: '0', FUNCTION_NAME: this.name };
      const warm = this.opts.pool?.take();
      warm?.send({ type: 'load', bundle: this.opts.bundle, env });
      const child =
        warm ??
        fork(this.opts.bundle, [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
      this.child = child;
      const timer = setTimeout(() => {
        fail(
          new Error(
            `function "${this.name}" did not become ready within ${this.opts.startTimeoutMs ?? 15_000} ms`,
          ),
        );
        child.kill('SIGKILL');
      }, this.opts.startTimeoutMs ?? 15_000);
      const fail = (err: Error) => {
        clearTimeout(timer);
        this.noteError(err.message);
        this.state = 'stopped';
        this.child = undefined;
        reject(err);
      };
      child.on('message', (msg: { type?: string; port?: number }) => {
        if (msg?.type !== 'ready' || !msg.port) return;
        clearTimeout(timer);
        this.port = msg.port;
        this.state = 'ready';
        this.starts++;
        this.lastStartedAt = Date.now();
        const ms = performance.now() - started;
        this.lastColdStartMs = ms;
        this.opts.log.info(
          { function: this.name, pid: child.pid, coldStartMs: +ms.toFixed(1) },
          'scaled from zero',
        );
        this.opts.onColdStart?.(this.name, ms / 1000);
        this.opts.onScale?.(this.name, 1);
        if (this.inflight === 0) this.armIdle();
        resolve(msg.port);
      });
      child.once('exit', (code, signal) => {
        if (this.state === 'starting')
          fail(new Error(`function "${this.name}" exited during start (code ${code}, signal ${signal})`));
        else if (this.child === child && this.state !== 'stopping') {
          if (this.state === 'ready') {
            this.opts.log.warn({ function: this.name, code, signal }, 'function process exited');
            this.noteError(`process exited (code ${code}, signal ${signal})`);
          }
          this.state = 'stopped';
          this.child = undefined;
          this.agent.destroy();
          this.opts.onScale?.(this.name, 0);
        }
      });
    });
  }

  private armIdle(): void {
    if (this.opts.spec.longRunning || this.state !== 'ready') return;
    this.clearIdle();
    this.idleTimer = setTimeout(() => {
      if (this.inflight === 0) void this.stop('idle');
    }, this.opts.idleMs);
    this.idleTimer.unref();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** Stops the process gracefully (SIGTERM, then SIGKILL after 5 s). */
  stop(reason: 'idle' | 'shutdown' | 'reload' = 'shutdown'): Promise<void> {
    const child = this.child;
    this.clearIdle();
    if (!child || this.state === 'stopped') return Promise.resolve();
    this.stopping ??= new Promise<void>((resolve) => {
      this.state = 'stopping';
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(kill);
        this.state = 'stopped';
        this.child = undefined;
        this.agent.destroy();
        this.opts.log.info({ function: this.name, reason }, 'scaled to zero');
        this.opts.onScale?.(this.name, 0);
        resolve();
      });
      child.kill('SIGTERM');
    }).finally(() => {
      this.stopping = undefined;
    });
    return this.stopping;
  }
}
