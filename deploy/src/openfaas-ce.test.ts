import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStack } from '@atelier/shared/stack/load';
import { describe, expect, it } from 'vitest';
import {
  CE_MAX_REPLICAS,
  generateOpenFaasCe,
  HEALTH_PATH,
  READY_ANNOTATION,
  READY_PROBE_PATH,
} from './openfaas-ce';
import { repoRoot } from './render';
import { crds, SAMPLE_STACK } from './test-stack';

const validator = crds();
const PRO_LABELS = [
  'com.openfaas.scale.zero',
  'com.openfaas.scale.zero-duration',
  'com.openfaas.scale.type',
  'com.openfaas.scale.target',
  'com.openfaas.scale.target-proportion',
];
const stacks = {
  'stack.yml': readFileSync(join(repoRoot, 'stack.yml'), 'utf8'),
  'a sample stack': SAMPLE_STACK,
};

describe.each(Object.entries(stacks))('OpenFaaS CE output for %s', (_, text) => {
  const ce = generateOpenFaasCe(text);
  const stack = parseStack(ce.stack, { env: {} });
  const original = parseStack(text, { env: {} });

  it('keeps every function and none of the Pro-only labels', () => {
    expect(Object.keys(stack.functions)).toEqual(Object.keys(original.functions));
    for (const [name, fn] of Object.entries(stack.functions)) {
      for (const label of PRO_LABELS) expect(fn.labels?.[label], `${name} ${label}`).toBeUndefined();
    }
  });

  it('asks for between 1 and 5 replicas, as CE allows', () => {
    for (const [name, fn] of Object.entries(stack.functions)) {
      const min = Number(fn.labels?.['com.openfaas.scale.min']);
      const max = Number(fn.labels?.['com.openfaas.scale.max']);
      expect(min, name).toBeGreaterThanOrEqual(1);
      expect(max, name).toBeLessThanOrEqual(CE_MAX_REPLICAS);
      expect(min, name).toBeLessThanOrEqual(max);
    }
  });

  it("probes readiness through the watchdog's /_/ready, which asks the function's /_/health", () => {
    for (const fn of Object.values(stack.functions)) {
      expect(fn.annotations?.[READY_ANNOTATION]).toBe(READY_PROBE_PATH);
      expect(fn.environment?.ready_path).toBe(HEALTH_PATH);
    }
  });

  it('keeps the envsubst placeholders for faas-cli to substitute', () => {
    expect(ce.stack.includes('${')).toBe(text.includes('${'));
  });

  it('emits Function objects that validate against the faas-netes CRD', () => {
    expect(ce.functions.map((f) => f.metadata.name)).toEqual(Object.keys(original.functions));
    expect(ce.functions.flatMap((f) => validator.validate(f))).toEqual([]);
    for (const f of ce.functions) {
      const labels = (f.spec as { labels: Record<string, string> }).labels;
      for (const label of PRO_LABELS) expect(labels[label]).toBeUndefined();
    }
  });
});

describe('the CE Function objects', () => {
  it('drop the GPU limit the CRD cannot express and leave handler unset (it would become fprocess)', () => {
    const fns = generateOpenFaasCe(SAMPLE_STACK).functions;
    const gpu = fns.find((f) => f.metadata.name === 'gpu-pool')!.spec as Record<
      string,
      Record<string, string>
    >;
    expect(gpu.limits).toEqual({ memory: '8Gi' });
    expect(fns.every((f) => (f.spec as { handler?: string }).handler === undefined)).toBe(true);
  });
});
