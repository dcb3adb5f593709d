import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { type StackFile, type StackFunction, stackSchema } from './schema';

export class StackError extends Error {
  constructor(public readonly problems: string[]) {
    super(`stack.yml is invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'StackError';
  }
}

/** faas-cli runs envsubst over the file first: `${VAR}` and `${VAR:-default}`. */
export function envsubst(text: string, env: Record<string, string | undefined>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
    (_, name: string, fallback?: string) => {
      const v = env[name];
      return v !== undefined && v !== '' ? v : (fallback ?? '');
    },
  );
}

function describeIssue(issue: z.core.$ZodIssue): string {
  // A bad record key (a function name) carries the real reason one level down.
  const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  issue = { ...issue, message };
  const [top, fn, ...rest] = issue.path.map(String);
  if (top === 'functions' && fn !== undefined) {
    return rest.length > 0
      ? `function "${fn}", field "${rest.join('.')}": ${issue.message}`
      : `function "${fn}": ${issue.message}`;
  }
  return `field "${issue.path.map(String).join('.') || '(root)'}": ${issue.message}`;
}

export interface ParseOptions {
  env?: Record<string, string | undefined>;
  /** Event types that exist; a topic naming anything else is refused. */
  knownEventTypes?: string[];
}

export function parseStack(text: string, options: ParseOptions = {}): StackFile {
  let doc: unknown;
  try {
    doc = parseYaml(envsubst(text, options.env ?? {}));
  } catch (err) {
    throw new StackError([`not valid YAML: ${(err as Error).message}`]);
  }
  const result = stackSchema.safeParse(doc);
  if (!result.success) throw new StackError(result.error.issues.map(describeIssue));
  const stack = result.data;
  const problems: string[] = [];
  const routes = new Map<string, string>();
  for (const [name, fn] of Object.entries(stack.functions)) {
    for (const route of splitList(fn.annotations?.['atelier.dev/route'])) {
      const owner = routes.get(route);
      if (owner)
        problems.push(
          `function "${name}", field "annotations.atelier.dev/route": ${route} is already routed to "${owner}"`,
        );
      routes.set(route, name);
    }
    const topics = splitList(fn.annotations?.topic);
    const repeated = topics.filter((t, i) => topics.indexOf(t) !== i);
    if (repeated.length > 0)
      problems.push(`function "${name}", field "annotations.topic": ${repeated.join(', ')} listed twice`);
    if (options.knownEventTypes) {
      for (const topic of splitList(fn.annotations?.topic)) {
        if (topic !== 'cron-function' && !options.knownEventTypes.includes(topic)) {
          problems.push(
            `function "${name}", field "annotations.topic": ${topic} is not in the event catalogue`,
          );
        }
      }
    }
  }
  if (problems.length > 0) throw new StackError(problems);
  return stack;
}

export function loadStack(path: string, options: ParseOptions = {}): StackFile {
  return parseStack(readFileSync(path, 'utf8'), options);
}

export const splitList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Go duration (`1h30m`, `500ms`, `15m`) to milliseconds. */
export function durationMs(value: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const m of value.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)/g)) total += Number(m[1]) * units[m[2]!]!;
  return total;
}

/** Kubernetes quantity (`1Mi`, `512k`, `100`) to a plain number. */
export function quantity(value: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(value);
  if (!m) throw new Error(`not a quantity: ${value}`);
  const mult: Record<string, number> = {
    m: 0.001,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
  };
  return Number(m[1]) * (m[2] ? mult[m[2]]! : 1);
}

/** Everything the runner and the generators need to know about one function, with defaults applied. */
export interface FunctionSpec {
  name: string;
  raw: StackFunction;
  handler: string;
  image: string;
  environment: Record<string, string>;
  secrets: string[];
  routes: string[];
  topics: string[];
  schedule?: string;
  longRunning: boolean;
  minScale: number;
  maxScale: number;
  idleMs: number;
  retry: number;
  retryBackoffMs: number;
  concurrency: number;
  prefetch: number;
  timeoutMs: number;
  bodyLimitBytes: number;
}

export function functionSpecs(stack: StackFile): FunctionSpec[] {
  return Object.entries(stack.functions).map(([name, fn]) => {
    const a = fn.annotations ?? {};
    const l = fn.labels ?? {};
    const longRunning = a['atelier.dev/long-running'] === 'true';
    const topics = splitList(a.topic);
    const concurrency = Number(a['atelier.dev/concurrency'] ?? 10);
    const spec: FunctionSpec = {
      name,
      raw: fn,
      handler: fn.handler,
      image: fn.image,
      environment: (fn.environment ?? {}) as Record<string, string>,
      secrets: fn.secrets ?? [],
      routes: splitList(a['atelier.dev/route']),
      topics: topics.filter((t) => t !== 'cron-function'),
      longRunning,
      minScale: Number(l['com.openfaas.scale.min'] ?? (longRunning ? 1 : 0)),
      maxScale: Number(l['com.openfaas.scale.max'] ?? 10),
      idleMs: durationMs(l['com.openfaas.scale.zero-duration'] ?? '15m'),
      retry: Number(a['atelier.dev/retry'] ?? 5),
      retryBackoffMs: durationMs(a['atelier.dev/retry-backoff'] ?? '1s'),
      concurrency,
      prefetch: Number(a['atelier.dev/prefetch'] ?? concurrency),
      timeoutMs: durationMs(a['atelier.dev/timeout'] ?? '30s'),
      bodyLimitBytes: quantity(a['atelier.dev/body-limit'] ?? '1Mi'),
    };
    if (topics.includes('cron-function') && a.schedule) spec.schedule = a.schedule;
    return spec;
  });
}
