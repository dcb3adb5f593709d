import type { Counter, Histogram, Registry } from 'prom-client';

/**
 * prom-client, loaded on first use. It is CommonJS: in a bundle where two modules import it, esbuild
 * puts it in a chunk whose names sit under `default`.
 */
export async function loadPromClient(): Promise<typeof import('prom-client')> {
  const mod = await import('prom-client');
  return mod.Registry ? mod : (mod as unknown as { default: typeof mod }).default;
}

type Labels = { method: string; route: string; code: string };
interface Prom {
  registry: Registry;
  requests: Counter<keyof Labels>;
  duration: Histogram<keyof Labels>;
  events: Counter<'type' | 'outcome'>;
}

/** What became of a delivered event in its consumer (see eventRoutes). */
export type EventOutcome = 'processed' | 'duplicate';

const MAX_PENDING = 10_000;

/** The metrics of this process's function (one function per process), for code outside its app. */
let processMetrics: Metrics | undefined;

/**
 * Per-process HTTP metrics. prom-client is loaded after the process is ready (see lifecycle.ts), not on
 * the cold-start path; observations made before then are buffered and replayed.
 */
export function createMetrics(functionName: string) {
  let prom: Prom | undefined;
  let loading: Promise<Prom> | undefined;
  const pending: Array<[Labels, number]> = [];
  const pendingEvents: Array<[string, EventOutcome, number?]> = [];

  const load = () => {
    loading ??= loadPromClient().then(({ Counter, Histogram, Registry, collectDefaultMetrics }) => {
      const registry = new Registry();
      registry.setDefaultLabels({ function_name: functionName });
      collectDefaultMetrics({ register: registry });
      const labelNames = ['method', 'route', 'code'] as const;
      const p: Prom = {
        registry,
        requests: new Counter({
          name: 'http_requests_total',
          help: 'HTTP requests handled by this function',
          labelNames,
          registers: [registry],
        }),
        duration: new Histogram({
          name: 'http_request_duration_seconds',
          help: 'HTTP request duration in this function',
          labelNames,
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
          registers: [registry],
        }),
        events: new Counter({
          name: 'atelier_events_consumed_total',
          help: 'CloudEvents this function received, by type and outcome (processed, or a duplicate skipped)',
          labelNames: ['type', 'outcome'] as const,
          registers: [registry],
        }),
      };
      for (const [labels, seconds] of pending.splice(0)) record(p, labels, seconds);
      for (const [type, outcome, by = 1] of pendingEvents.splice(0)) p.events.inc({ type, outcome }, by);
      prom = p;
      return p;
    });
    return loading;
  };

  const record = (p: Prom, labels: Labels, seconds: number) => {
    p.requests.inc(labels);
    p.duration.observe(labels, seconds);
  };

  const metrics = {
    load,
    observe(labels: Labels, seconds: number): void {
      if (prom) record(prom, labels, seconds);
      else if (pending.length < MAX_PENDING) pending.push([labels, seconds]);
    },
    event(type: string, outcome: EventOutcome): void {
      if (prom) prom.events.inc({ type, outcome });
      else if (pendingEvents.length < MAX_PENDING) pendingEvents.push([type, outcome]);
    },
    /**
     * Starts the handled types' series at 0: `increase()` ignores a series' first sample, so a counter
     * born at 1 would hide the first event of every process.
     */
    declareEvents(types: string[]): void {
      for (const type of types)
        for (const outcome of ['processed', 'duplicate'] as const) {
          if (prom) prom.events.inc({ type, outcome }, 0);
          else if (pendingEvents.length < MAX_PENDING) pendingEvents.push([type, outcome, 0]);
        }
    },
    async render(): Promise<{ contentType: string; body: string }> {
      const p = await load();
      return { contentType: p.registry.contentType, body: await p.registry.metrics() };
    },
  };
  processMetrics = metrics;
  return metrics;
}
export type Metrics = ReturnType<typeof createMetrics>;

/** Declares the event types a consumer handles, their counters at 0; a no-op outside a function. */
export function declareConsumedEvents(types: string[]): void {
  processMetrics?.declareEvents(types);
}

/** Counts an event a consumer received (atelier_events_consumed_total); a no-op outside a function. */
export function countConsumedEvent(type: string, outcome: EventOutcome): void {
  processMetrics?.event(type, outcome);
}
