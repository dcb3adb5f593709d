import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';

type Schema = Record<string, unknown>;

/** What the API server checks of `metadata` (the CRDs only say `type: object`). */
const OBJECT_META: Schema = {
  type: 'object',
  required: ['name'],
  properties: {
    name: {
      type: 'string',
      maxLength: 253,
      pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
    },
    namespace: { type: 'string', maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
    labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 63 } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
  additionalProperties: false,
};

/**
 * Turns a CRD's structural `openAPIV3Schema` into a JSON Schema ajv can compile:
 * - drops the `x-kubernetes-*` keywords (and descriptions, to keep the compiled schema small);
 * - `x-kubernetes-int-or-string` becomes integer-or-string;
 * - an object with `properties` and no `x-kubernetes-preserve-unknown-fields` refuses other fields:
 *   the API server prunes them (or, with `kubectl apply`'s default strict field validation, refuses them),
 *   so a misspelt field would silently vanish in the cluster.
 */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const src = node as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(src)) {
    if (key.startsWith('x-kubernetes-') || key === 'description') continue;
    if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, toJsonSchema(v)]));
    } else if (key === 'default' || key === 'enum' || key === 'required' || key === 'example') {
      out[key] = value; // data, not schemas
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  if (src['x-kubernetes-int-or-string'] === true && out.anyOf === undefined) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (
    out.properties &&
    out.additionalProperties === undefined &&
    !src['x-kubernetes-preserve-unknown-fields']
  ) {
    out.additionalProperties = false;
  }
  return out;
}

export interface CrdValidator {
  /** `group/version/Kind` of every schema loaded. */
  kinds(): string[];
  /** Problems with one object, each as `Kind/name: /path message`; empty when it is valid. */
  validate(obj: unknown): string[];
}

/** Loads every `*.crd.yaml` in `dir` (the verbatim CRD copies in deploy/schemas). */
export function loadCrdValidator(dir: string): CrdValidator {
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('date-time', true);
  const validators = new Map<string, ValidateFunction>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.crd.yaml'))) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      const crd = doc.toJS() as CrdDoc | null;
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions) {
        const schema = toJsonSchema(version.schema.openAPIV3Schema) as Schema;
        // The root always allows apiVersion, kind and metadata; not every CRD lists them.
        const typeMeta = { type: 'string' };
        schema.properties = {
          ...(schema.properties as Schema),
          apiVersion: typeMeta,
          kind: typeMeta,
          metadata: OBJECT_META,
        };
        schema.required = ['apiVersion', 'kind', 'metadata', 'spec'];
        validators.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, ajv.compile(schema));
      }
    }
  }
  return {
    kinds: () => [...validators.keys()].sort(),
    validate(obj) {
      const o = (obj ?? {}) as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } };
      const label = `${String(o.kind)}/${String(o.metadata?.name ?? '?')}`;
      const validate = validators.get(`${String(o.apiVersion)}/${String(o.kind)}`);
      if (!validate) return [`${label}: no CRD schema for ${String(o.apiVersion)} ${String(o.kind)}`];
      if (validate(obj)) return [];
      return (validate.errors ?? []).map((e) => {
        const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
        return `${label}: ${e.instancePath || '/'} ${e.message ?? e.keyword}${extra}`;
      });
    },
  };
}

interface CrdDoc {
  kind: string;
  spec: {
    group: string;
    names: { kind: string };
    versions: { name: string; schema: { openAPIV3Schema: unknown } }[];
  };
}
