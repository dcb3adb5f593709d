import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { eventTypes } from '@atelier/shared/events/catalog';
import { type FunctionSpec, functionSpecs, parseStack, StackError } from '@atelier/shared/stack/load';
import { parseAllDocuments } from 'yaml';
import { generateKnative } from '../../../deploy/src/knative';
import { toYaml } from '../../../deploy/src/render';

export interface Validation {
  ok: boolean;
  problems: string[];
  specs: FunctionSpec[];
}

/**
 * `stack validate`: the schema (OpenFaaS stack 1.0 + atelier.dev annotations), the event catalogue (every
 * topic a known event type), and each function's handler folder with its `src/main.ts`.
 */
export function validateStack(
  root: string,
  file: string,
  env: Record<string, string | undefined>,
): Validation {
  let specs: FunctionSpec[];
  try {
    specs = functionSpecs(parseStack(readFileSync(file, 'utf8'), { env, knownEventTypes: eventTypes() }));
  } catch (err) {
    return {
      ok: false,
      problems: err instanceof StackError ? err.problems : [(err as Error).message],
      specs: [],
    };
  }
  const problems = specs
    .filter((s) => !existsSync(resolve(root, s.handler, 'src', 'main.ts')))
    .map((s) => `function "${s.name}", field "handler": no ${s.handler}/src/main.ts`);
  return { ok: problems.length === 0, problems, specs };
}

export function describeSpecs(specs: FunctionSpec[]): string[] {
  return specs.map((s) => {
    const what = [
      ...s.routes,
      ...s.topics.map((t) => `on ${t}`),
      ...(s.schedule ? [`cron ${s.schedule}`] : []),
    ];
    return `${s.name.padEnd(20)} ${s.longRunning ? 'long-running ' : 'scale-to-zero'}  ${what.join(', ')}`;
  });
}

type Obj = Record<string, unknown>;
interface Located {
  file: string;
  object: Obj;
}

/** knative/ as `gen:knative` writes it from a stack file's text (`${VAR:-default}` takes its default). */
export function renderKnative(stackText: string): Record<string, string> {
  const specs = functionSpecs(parseStack(stackText, { env: {}, knownEventTypes: eventTypes() }));
  return Object.fromEntries(Object.entries(generateKnative(specs)).map(([p, objs]) => [p, toYaml(objs)]));
}

/** knative/ files as committed at a git ref. */
export function committedKnative(root: string, ref: string): Record<string, string> {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const paths = git('ls-tree', '-r', '--name-only', ref, '--', 'knative/')
    .split('\n')
    .filter((p) => /\.ya?ml$/.test(p));
  return Object.fromEntries(paths.map((p) => [p, git('show', `${ref}:${p}`)]));
}

function objectsOf(files: Record<string, string>): Map<string, Located> {
  const out = new Map<string, Located>();
  for (const [file, text] of Object.entries(files)) {
    for (const doc of parseAllDocuments(text)) {
      const object = doc.toJS() as Obj | null;
      if (!object || typeof object !== 'object') continue;
      const meta = (object.metadata ?? {}) as Obj;
      const key = `${object.kind} ${meta.namespace ? `${meta.namespace}/` : ''}${meta.name}`;
      out.set(key, { file, object });
    }
  }
  return out;
}

/** Leaf values by a readable path; list items with a `name` are addressed by it (`env[DATABASE_URL]`). */
function leaves(value: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path, '[]');
    value.forEach((item, i) => {
      const named = item && typeof item === 'object' && typeof (item as Obj).name === 'string';
      leaves(item, `${path}[${named ? (item as Obj).name : i}]`, out);
    });
  } else if (value && typeof value === 'object') {
    const entries = Object.entries(value as Obj);
    if (entries.length === 0) out.set(path, '{}');
    for (const [k, v] of entries) leaves(v, path ? `${path}.${k}` : k, out);
  } else out.set(path, JSON.stringify(value));
  return out;
}

export interface ObjectDiff {
  change: '+' | '-' | '~';
  object: string;
  file: string;
  lines: string[];
}

/** Per-object differences between two renderings of knative/. */
export function diffManifests(before: Record<string, string>, after: Record<string, string>): ObjectDiff[] {
  const a = objectsOf(before);
  const b = objectsOf(after);
  const out: ObjectDiff[] = [];
  for (const [key, { file }] of b) if (!a.has(key)) out.push({ change: '+', object: key, file, lines: [] });
  for (const [key, { file }] of a) if (!b.has(key)) out.push({ change: '-', object: key, file, lines: [] });
  for (const [key, now] of b) {
    const was = a.get(key);
    if (!was) continue;
    const l1 = leaves(was.object);
    const l2 = leaves(now.object);
    const lines: string[] = [];
    for (const [p, v] of l2) {
      const old = l1.get(p);
      if (old === undefined) lines.push(`+ ${p}: ${v}`);
      else if (old !== v) lines.push(`~ ${p}: ${old} → ${v}`);
    }
    for (const [p, v] of l1) if (!l2.has(p)) lines.push(`- ${p}: ${v}`);
    if (lines.length > 0) out.push({ change: '~', object: key, file: now.file, lines });
  }
  return out.sort((x, y) => x.file.localeCompare(y.file) || x.object.localeCompare(y.object));
}

export function formatDiff(diffs: ObjectDiff[], against: string): string {
  if (diffs.length === 0) return `no changes to knative/ (against ${against})`;
  const body = diffs.map((d) =>
    [`${d.change} ${d.object}  (${d.file})`, ...d.lines.map((l) => `    ${l}`)].join('\n'),
  );
  const count = (c: string) => diffs.filter((d) => d.change === c).length;
  return `${body.join('\n')}\n\n${count('~')} changed, ${count('+')} added, ${count('-')} removed (against ${against})`;
}

/**
 * `stack diff`: what the working stack.yml changes in knative/, against the committed files (HEAD or
 * `--ref`), or against the manifests of another stack file (`--against`).
 */
export function stackDiff(
  root: string,
  file: string,
  opts: { ref?: string; against?: string },
): { diffs: ObjectDiff[]; text: string } {
  const after = renderKnative(readFileSync(file, 'utf8'));
  let before: Record<string, string>;
  let label: string;
  if (opts.against) {
    before = renderKnative(readFileSync(resolve(opts.against), 'utf8'));
    label = relative(root, resolve(opts.against)) || opts.against;
  } else {
    const ref = opts.ref ?? 'HEAD';
    before = committedKnative(root, ref);
    label = `knative/ at ${ref}`;
  }
  const diffs = diffManifests(before, after);
  return { diffs, text: formatDiff(diffs, label) };
}
