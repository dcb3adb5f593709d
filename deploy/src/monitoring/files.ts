import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Ajv from 'ajv';
import { parse } from 'yaml';

/** deploy/monitoring: the scrape configs, alerting rules, their unit tests, dashboards and schemas. */
export const MONITORING_DIR = resolve(import.meta.dirname, '../../monitoring');

export const run = promisify(execFile);

export function readYaml(name: string): unknown {
  return parse(readFileSync(join(MONITORING_DIR, name), 'utf8'));
}

/** A validator for one of the JSON Schemas copied into deploy/monitoring/schemas. */
export function schemaValidator(file: string) {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const schema = JSON.parse(readFileSync(join(MONITORING_DIR, 'schemas', file), 'utf8')) as object;
  return ajv.compile(schema);
}

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function alertRules(): AlertRule[] {
  const doc = readYaml('alerts.rules.yml') as {
    groups: Array<{ rules: Array<AlertRule | { record: string }> }>;
  };
  return doc.groups.flatMap((g) => g.rules).filter((r): r is AlertRule => 'alert' in r);
}

export interface Panel {
  title: string;
  type: string;
  targets?: Array<{ expr: string; refId?: string }>;
  panels?: Panel[];
}

export function dashboards(): Array<{ file: string; json: { title: string; uid: string; panels: Panel[] } }> {
  const dir = join(MONITORING_DIR, 'dashboards');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((file) => ({ file, json: JSON.parse(readFileSync(join(dir, file), 'utf8')) }));
}

export function panelsOf(panels: Panel[]): Panel[] {
  return panels.flatMap((p) => [p, ...panelsOf(p.panels ?? [])]);
}

const PROMQL_WORDS = new Set([
  // functions and aggregations
  ...'sum min max avg count stddev stdvar topk bottomk quantile count_values group rate irate increase delta idelta deriv predict_linear histogram_quantile label_replace label_join abs ceil floor round clamp clamp_min clamp_max vector scalar time timestamp absent absent_over_time sort sort_desc sum_over_time avg_over_time max_over_time min_over_time count_over_time last_over_time changes resets exp ln log2 log10 sqrt'.split(
    ' ',
  ),
  // keywords
  ...'by without on ignoring group_left group_right and or unless bool offset inf nan'.split(' '),
]);

/**
 * The metric names a PromQL expression reads: identifiers outside label matchers, strings, ranges and
 * durations that are not functions, keywords or Grafana variables. A histogram's `_bucket`, `_sum`
 * and `_count` are kept as written.
 */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\[[^\]]*\]/g, '[]')
    .replace(/\$\w+|\$\{[^}]*\}/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const m of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const word = m[0];
    const before = stripped.slice(0, m.index).trimEnd();
    const after = stripped.slice(m.index + word.length).trimStart();
    if (PROMQL_WORDS.has(word.toLowerCase())) continue;
    if (/[0-9.]$/.test(before) && /^[smhdwy]/.test(word)) continue; // a duration such as 5m
    if (after.startsWith('(')) continue; // any other function
    names.add(word);
  }
  return [...names];
}

/** The modules that declare Prometheus series (prom-client), relative to the repository root. */
export const METRIC_SOURCES = ['shared/src/metrics.ts', 'runner/src/metrics.ts', 'gpu-pool/src/metrics.ts'];

/** prom-client's collectDefaultMetrics() series that dashboards may use (every function process has them). */
const DEFAULT_SERIES = [
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'process_start_time_seconds',
  'nodejs_heap_size_used_bytes',
  'nodejs_eventloop_lag_seconds',
  'nodejs_eventloop_lag_p99_seconds',
];

/**
 * Every series name the code exports: each `new Counter|Gauge|Histogram({ name: '…' })` in the metric
 * modules (a histogram as its _bucket, _sum and _count), plus prom-client's default process series.
 */
export function exportedMetricNames(): Set<string> {
  const root = resolve(MONITORING_DIR, '../..');
  const names = new Set(DEFAULT_SERIES);
  for (const file of METRIC_SOURCES) {
    const src = readFileSync(join(root, file), 'utf8');
    for (const m of src.matchAll(
      /new (Counter|Gauge|Histogram|Summary)\(\{\s*name: '([a-z_:][a-z0-9_:]*)'/g,
    )) {
      const [, kind, name] = m as unknown as [string, string, string];
      if (kind === 'Histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(name + s);
      else if (kind === 'Summary') for (const s of ['', '_sum', '_count']) names.add(name + s);
      else names.add(name);
    }
  }
  return names;
}
