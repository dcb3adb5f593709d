import { describe, expect, it } from 'vitest';
import { alertRules, dashboards, exportedMetricNames, metricNames, panelsOf } from './files';

/**
 * Every query of the Grafana dashboards and every alert reads only series the code exports (the names
 * declared in shared/src/metrics.ts, runner/src/metrics.ts and gpu-pool/src/metrics.ts;
 * prometheus-live.test.ts checks that list against a real scrape of the running platform).
 */
describe('Grafana dashboards (deploy/monitoring/dashboards)', () => {
  const known = exportedMetricNames();
  const all = dashboards();

  it('has the platform and the product dashboard', () => {
    expect(all.map((d) => d.json.uid).sort()).toEqual(['atelier-platform', 'atelier-product']);
    for (const { json } of all) {
      const ids = panelsOf(json.panels).map((p) => (p as { id?: number }).id);
      expect(new Set(ids).size, json.uid).toBe(ids.length);
      expect(JSON.stringify(json)).toContain('"uid":"$' + '{datasource}"');
    }
  });

  it.each(all.map((d) => [d.file, d.json] as const))(
    'every panel query of %s reads exported series',
    (_, json) => {
      const panels = panelsOf(json.panels).filter((p) => p.type !== 'row');
      expect(panels.length).toBeGreaterThan(5);
      for (const p of panels) {
        expect(p.targets?.length, p.title).toBeGreaterThan(0);
        for (const t of p.targets ?? []) {
          const names = metricNames(t.expr);
          expect(names.length, `${p.title}: ${t.expr}`).toBeGreaterThan(0);
          expect(
            names.filter((n) => !known.has(n)),
            `${p.title}: ${t.expr}`,
          ).toEqual([]);
        }
      }
    },
  );

  it('the platform dashboard uses the OpenFaaS gateway series, the product one generations, credits and revenue', () => {
    const text = (uid: string) =>
      panelsOf(all.find((d) => d.json.uid === uid)!.json.panels)
        .flatMap((p) => p.targets ?? [])
        .map((t) => t.expr)
        .join('\n');
    const platform = text('atelier-platform');
    for (const name of [
      'gateway_function_invocation_total',
      'gateway_functions_seconds_bucket',
      'gateway_service_count',
      'atelier_cold_start_seconds_count',
      'atelier_queue_depth',
      'atelier_event_deliveries_total',
      'atelier_outbox_oldest_pending_seconds',
      'gpu_pool_queue_depth',
    ])
      expect(platform).toContain(name);
    const product = text('atelier-product');
    for (const part of [
      'type="dev.atelier.generation.requested.v1"',
      'generation\\\\.(awaiting_selection|completed|failed)',
      'atelier_credits_spent_total',
      'invoice\\\\.recorded',
      'payment\\\\.reminder',
    ])
      expect(product).toContain(part);
  });

  it('every alert expression reads exported series', () => {
    for (const r of alertRules()) {
      const names = metricNames(r.expr);
      expect(names.length, r.alert).toBeGreaterThan(0);
      expect(
        names.filter((n) => !known.has(n)),
        r.alert,
      ).toEqual([]);
    }
  });

  it('the metric-name extraction ignores functions, labels, durations and variables', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (le, function_name) (rate(gateway_functions_seconds_bucket{function_name=~"$function",code!="500"}[$__rate_interval]))) offset 5m',
      ),
    ).toEqual(['gateway_functions_seconds_bucket']);
    expect(metricNames('sum(a_total) / ignoring(x) group_left sum(b_total) > bool 0.5')).toEqual([
      'a_total',
      'b_total',
    ]);
  });
});
