import { createHash } from 'node:crypto';

/** Labels every generated object carries, so `kubectl get ... -l app.kubernetes.io/part-of=atelier` finds them. */
export const PART_OF = { 'app.kubernetes.io/part-of': 'atelier' } as const;

export const HEADER_LINE = 'Generated from stack.yml by npm run gen:knative — do not edit.';

const DNS_LABEL_MAX = 63;

/**
 * `<fn>--<type with dots as dashes>`, e.g. `audit--dev-atelier-ops-probe-requested-v1`. Kubernetes object
 * names used as labels must be DNS labels (≤ 63 characters), so a longer name keeps its readable start
 * and ends in a hash of the full (function, type) pair, which keeps it unique.
 */
export function triggerName(fn: string, type: string): string {
  const full = `${fn}--${type.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`;
  if (full.length <= DNS_LABEL_MAX) return full;
  const hash = createHash('sha256').update(`${fn}:${type}`).digest('hex').slice(0, 8);
  return `${full.slice(0, DNS_LABEL_MAX - 9).replace(/-+$/, '')}-${hash}`;
}

/** Seconds with no trailing zeros: 1500 → "1.5", 30000 → "30". */
const seconds = (ms: number): string => String(Math.round(ms) / 1000);

/** ISO-8601 duration, as Knative's delivery `backoffDelay` and `timeout` want it: 1000 → PT1S, 500 → PT0.5S. */
export const isoDuration = (ms: number): string => `PT${seconds(ms)}S`;

/** Go duration in whole seconds, as Knative's autoscaling annotations want it: 900000 → 900s. */
export const goDuration = (ms: number): string => `${Math.round(ms / 1000)}s`;
