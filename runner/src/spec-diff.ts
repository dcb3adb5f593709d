import type { FunctionSpec } from '@atelier/shared/stack/load';

/** The fields of a function spec an edit can change, as ops name them in stack.yml. */
const FIELDS: Array<[keyof FunctionSpec, string]> = [
  ['routes', 'route'],
  ['topics', 'topic'],
  ['schedule', 'schedule'],
  ['longRunning', 'long-running'],
  ['minScale', 'scale.min'],
  ['maxScale', 'scale.max'],
  ['idleMs', 'scale.zero-duration'],
  ['retry', 'retry'],
  ['retryBackoffMs', 'retry-backoff'],
  ['concurrency', 'concurrency'],
  ['prefetch', 'prefetch'],
  ['timeoutMs', 'timeout'],
  ['bodyLimitBytes', 'body-limit'],
  ['environment', 'environment'],
  ['secrets', 'secrets'],
  ['handler', 'handler'],
  ['image', 'image'],
];

export interface SpecChange {
  name: string;
  /** What changed, in stack.yml's words (`route`, `topic`, `concurrency`, …; `other` for the rest). */
  fields: string[];
}

export interface SpecDiff {
  added: string[];
  removed: string[];
  changed: SpecChange[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What an edit of stack.yml changes, function by function. */
export function diffSpecs(before: FunctionSpec[], after: FunctionSpec[]): SpecDiff {
  const old = new Map(before.map((s) => [s.name, s]));
  const names = new Set(after.map((s) => s.name));
  const diff: SpecDiff = {
    added: after.filter((s) => !old.has(s.name)).map((s) => s.name),
    removed: before.filter((s) => !names.has(s.name)).map((s) => s.name),
    changed: [],
  };
  for (const s of after) {
    const o = old.get(s.name);
    if (!o) continue;
    const fields = FIELDS.filter(([key]) => !same(o[key], s[key])).map(([, label]) => label);
    if (fields.length === 0 && !same(o.raw, s.raw)) fields.push('other');
    if (fields.length > 0) diff.changed.push({ name: s.name, fields });
  }
  return diff;
}

export const isEmptyDiff = (d: SpecDiff) =>
  d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0;

/** One line per change, for logs, the health endpoint and the CLI. */
export function describeDiff(d: SpecDiff): string[] {
  return [
    ...d.added.map((n) => `+ function ${n}`),
    ...d.removed.map((n) => `- function ${n}`),
    ...d.changed.map((c) => `~ function ${c.name}: ${c.fields.join(', ')}`),
  ];
}
