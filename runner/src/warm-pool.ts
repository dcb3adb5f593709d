import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ZYGOTE = fileURLToPath(new URL('./zygote.mjs', import.meta.url));

/**
 * Keeps one booted, function-less Node.js process ready (~40 MB). Scaling a function from zero takes
 * it and loads the bundle into it; a replacement boots a little later, off the cold start's critical
 * path (on two cores it would otherwise compete with the start it is meant to speed up).
 */
export class WarmPool {
  private spare: ChildProcess | undefined;
  private warm = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly env: Record<string, string | undefined>,
    private readonly refillDelayMs = 1000,
  ) {}

  start(): void {
    this.stopped = false;
    this.boot();
  }

  /** A warm process, or undefined when none is ready (the caller then forks as usual). */
  take(): ChildProcess | undefined {
    const child = this.warm ? this.spare : undefined;
    if (!child) return undefined;
    child.removeAllListeners();
    this.spare = undefined;
    this.warm = false;
    this.schedule();
    return child;
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.boot();
    }, this.refillDelayMs);
    this.timer.unref();
  }

  private boot(): void {
    if (this.stopped || this.spare) return;
    const child = fork(ZYGOTE, [], {
      env: this.env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [],
    });
    this.spare = child;
    child.on('message', (m: { type?: string }) => {
      if (m?.type === 'warm' && this.spare === child) this.warm = true;
    });
    child.on('exit', () => {
      if (this.spare !== child) return;
      this.spare = undefined;
      this.warm = false;
      this.schedule();
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.spare?.kill('SIGTERM');
    this.spare = undefined;
  }
}
