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
}

const MAX_PENDING = 10_000;

/**
 * Per-process HTTP metrics. prom-client is loaded after the process is ready (see lifecycle.ts), not on
 * the cold-start path; observations made before then are buffered and replayed.
 */
export function createMetrics(functionName: string) {
  let prom: Prom | undefined;
  let loading: Promise<Prom> | undefined;
  const pending: Array<[Labels, number]> = [];

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
      };
      for (const [labels, seconds] of pending.splice(0)) record(p, labels, seconds);
      prom = p;
      return p;
    });
    return loading;
  };

  const record = (p: Prom, labels: Labels, seconds: number) => {
    p.requests.inc(labels);
    p.duration.observe(labels, seconds);
  };

  return {
    load,
    observe(labels: Labels, seconds: number): void {
      if (prom) record(prom, labels, seconds);
      else if (pending.length < MAX_PENDING) pending.push([labels, seconds]);
    },
    async render(): Promise<{ contentType: string; body: string }> {
      const p = await load();
      return { contentType: p.registry.contentType, body: await p.registry.metrics() };
    },
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
