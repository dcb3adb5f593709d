import { randomUUID } from 'node:crypto';
import type { Logger } from '@atelier/shared/log';
import type { FunctionSpec } from '@atelier/shared/stack/load';
import { Cron } from 'croner';
import { postEvent } from './deliver';
import type { FunctionInstance } from './function-instance';

/** The event a Knative PingSource sends; the runner sends the same so handlers are written once. */
export const PING_TYPE = 'dev.knative.sources.ping';

/**
 * Cron triggers (OpenFaaS cron-connector convention: `topic: cron-function` + `schedule`). Each tick
 * wakes the function like a Knative PingSource would: a CloudEvent POSTed to its events path.
 */
export class CronScheduler {
  private jobs: Array<{ name: string; cron: Cron }> = [];
  constructor(
    private specs: FunctionSpec[],
    private readonly instances: Map<string, FunctionInstance>,
    private readonly log: Logger,
  ) {}

  start(): void {
    for (const spec of this.specs) {
      if (!spec.schedule) continue;
      // Unnamed: croner's names are global to the process, and tests run two runners in one.
      const cron = new Cron(spec.schedule, { protect: true, timezone: 'UTC' }, async () => {
        await this.fire(spec.name);
      });
      this.jobs.push({ name: spec.name, cron });
    }
  }

  /** Sends one tick now; resolves with the function's status code. */
  async fire(name: string): Promise<number> {
    const spec = this.specs.find((s) => s.name === name);
    const instance = this.instances.get(name);
    if (!spec || !instance) throw new Error(`no function named ${name}`);
    const headers = {
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': randomUUID(),
      'ce-source': `/apis/v1/namespaces/atelier/pingsources/${name}`,
      'ce-type': PING_TYPE,
      'ce-time': new Date().toISOString(),
    };
    try {
      const res = await postEvent(
        instance,
        headers,
        JSON.stringify({ schedule: spec.schedule }),
        spec.timeoutMs,
      );
      if (res.status >= 300) this.log.warn({ function: name, status: res.status }, 'cron tick failed');
      return res.status;
    } catch (err) {
      this.log.warn({ function: name, err: (err as Error).message }, 'cron tick failed');
      return 0;
    }
  }

  /** Applies an edited stack.yml: every schedule is set up again from the new specs. */
  update(specs: FunctionSpec[]): void {
    this.stop();
    this.specs = specs;
    this.start();
  }

  nextRuns(): Record<string, string | null> {
    return Object.fromEntries(this.jobs.map((j) => [j.name, j.cron.nextRun()?.toISOString() ?? null]));
  }

  stop(): void {
    for (const j of this.jobs) j.cron.stop();
    this.jobs = [];
  }
}
