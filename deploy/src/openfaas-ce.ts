import { type FunctionSpec, functionSpecs, parseStack } from '@atelier/shared/stack/load';
import { type Document, isMap, isScalar, parseDocument, visit, type YAMLMap } from 'yaml';
import type { K8sObject } from './knative';
import { HEADER_LINE, PART_OF } from './names';

export const OPENFAAS_FILES = {
  stack: 'openfaas/stack.ce.yml',
  functions: 'openfaas/functions.yaml',
} as const;

/** OpenFaaS Community Edition refuses more than this many replicas (faas-netes `MaxReplicas`). */
export const CE_MAX_REPLICAS = 5;
/** Pro autoscaler labels; the CE provider rejects a deployment carrying scale.zero/zero-duration/type/target. */
export const isProLabel = (key: string): boolean =>
  key.startsWith('com.openfaas.scale.') &&
  key !== 'com.openfaas.scale.min' &&
  key !== 'com.openfaas.scale.max';
/**
 * of-watchdog answers `/_/health` itself and never asks the function; `/_/ready` is proxied to the
 * function's `ready_path`. So the Kubernetes probe goes to `/_/ready`, and `ready_path` points at our health.
 */
export const READY_ANNOTATION = 'com.openfaas.ready.http.path';
export const READY_PROBE_PATH = '/_/ready';
export const HEALTH_PATH = '/_/health';
const FUNCTION_NAMESPACE = 'openfaas-fn';

export interface OpenFaasCe {
  /** stack.yml for `faas-cli deploy` on CE, `${VAR:-default}` kept for faas-cli's envsubst. */
  stack: string;
  /** `openfaas.com/v1` Function objects for the faas-netes operator (images with stack.yml's defaults). */
  functions: K8sObject[];
}

/** The same functions as stack.yml, minus what only OpenFaaS Pro accepts; `${VAR:-default}` stays in the stack. */
export function generateOpenFaasCe(
  stackText: string,
  options: { knownEventTypes?: string[] } = {},
): OpenFaasCe {
  const { knownEventTypes } = options;
  const specs = new Map(
    functionSpecs(parseStack(stackText, { env: {}, knownEventTypes })).map((s) => [s.name, s]),
  );
  // Edit the document rather than re-serialise the parsed stack: comments and ${VAR} placeholders stay.
  const doc = parseDocument(stackText);
  const functions = doc.get('functions');
  if (!isMap(functions)) throw new Error('stack.yml has no functions map');
  for (const pair of functions.items) {
    const fn = pair.value as YAMLMap;
    const spec = specs.get(keyOf(pair.key));
    if (!spec) throw new Error(`function ${String(pair.key)} not found in the parsed stack`);
    const labels = mapAt(doc, fn, 'labels');
    for (const item of [...labels.items]) {
      if (isProLabel(keyOf(item.key))) labels.delete(item.key);
    }
    const { min, max } = ceScale(spec);
    labels.set('com.openfaas.scale.min', String(min));
    labels.set('com.openfaas.scale.max', String(max));
    mapAt(doc, fn, 'annotations').set(READY_ANNOTATION, READY_PROBE_PATH);
    const env = mapAt(doc, fn, 'environment');
    for (const [name, value] of Object.entries(extraEnv(spec))) if (!env.has(name)) env.set(name, value);
    // faas-cli's stack schema has only memory and cpu; a GPU on OpenFaaS needs a Profile (com.openfaas.profile).
    for (const key of ['limits', 'requests']) {
      const res = fn.get(key);
      if (isMap(res)) res.delete('nvidia.com/gpu');
    }
  }
  // stack.yml's own opening comment ("the one file ops edit") is not true of this copy.
  if (isMap(doc.contents)) {
    doc.contents.commentBefore = null;
    const first = doc.contents.items[0]?.key;
    if (isScalar(first)) first.commentBefore = null;
  }
  doc.commentBefore = ` ${HEADER_LINE}\n For OpenFaaS Community Edition: faas-cli deploy -f openfaas/stack.ce.yml (see docs/operations.md).`;
  // Block sequences: Biome formats flow ones as `[a]` but flow maps as `{ a: b }`, and yaml pads both.
  visit(doc, {
    Seq(_, node) {
      node.flow = false;
    },
  });
  const stack = doc.toString({ lineWidth: 0 });
  // The result must still be a valid stack, and its own specs feed the Function objects.
  const ceSpecs = functionSpecs(parseStack(stack, { env: {}, knownEventTypes }));
  return { stack, functions: ceSpecs.map(functionObject) };
}

/** CE treats min 0 as 1 and refuses anything above 5. */
export function ceScale(s: FunctionSpec): { min: number; max: number } {
  const min = Math.min(CE_MAX_REPLICAS, Math.max(1, s.minScale));
  return { min, max: Math.max(min, Math.min(CE_MAX_REPLICAS, s.maxScale)) };
}

/** What the local runner and the Knative Services give a function, where stack.yml does not set it. */
const extraEnv = (s: FunctionSpec): Record<string, string> => ({
  FUNCTION_NAME: s.name,
  BODY_LIMIT_BYTES: String(s.bodyLimitBytes),
  ready_path: HEALTH_PATH,
});

const keyOf = (node: unknown): string => String(isScalar(node) ? node.value : node);

function mapAt(doc: Document, fn: YAMLMap, key: string): YAMLMap {
  const existing = fn.get(key);
  if (isMap(existing)) {
    existing.flow = false; // what we add could make a flow map overlong
    return existing;
  }
  const created = doc.createNode({}) as YAMLMap;
  created.flow = false;
  fn.set(key, created);
  return created;
}

function functionObject(s: FunctionSpec): K8sObject {
  const raw = s.raw;
  const resources = (r: typeof raw.limits) =>
    r && (r.cpu !== undefined || r.memory !== undefined)
      ? {
          ...(r.memory !== undefined ? { memory: r.memory } : {}),
          ...(r.cpu !== undefined ? { cpu: r.cpu } : {}),
        }
      : undefined;
  const spec: Record<string, unknown> = {
    name: s.name,
    image: s.image,
    // The CR's `handler` is the watchdog's fprocess, not stack.yml's handler folder.
    ...(raw.fprocess ? { handler: raw.fprocess } : {}),
    labels: { ...(raw.labels ?? {}) },
    annotations: { ...(raw.annotations ?? {}) },
    environment: { ...s.environment },
    ...(s.secrets.length > 0 ? { secrets: [...s.secrets] } : {}),
    ...(raw.constraints?.length ? { constraints: [...raw.constraints] } : {}),
    ...(resources(raw.limits) ? { limits: resources(raw.limits) } : {}),
    ...(resources(raw.requests) ? { requests: resources(raw.requests) } : {}),
    ...(raw.readonly_root_filesystem !== undefined
      ? { readOnlyRootFilesystem: raw.readonly_root_filesystem }
      : {}),
  };
  return {
    apiVersion: 'openfaas.com/v1',
    kind: 'Function',
    metadata: { name: s.name, namespace: FUNCTION_NAMESPACE, labels: { ...PART_OF } },
    spec,
  };
}
