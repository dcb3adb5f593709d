import { readFileSync } from 'node:fs';
import { functionSpecs, loadStack } from '@atelier/shared/stack/load';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const root = new URL('../../', import.meta.url);

describe('Knative visibility', () => {
  it('gives an external URL only to functions marked atelier.dev/public, so event endpoints stay inside the cluster', () => {
    const specs = functionSpecs(loadStack(new URL('stack.yml', root).pathname));
    const services = parseAllDocuments(readFileSync(new URL('knative/services.yaml', root), 'utf8'))
      .map((d) => d.toJSON() as { kind: string; metadata: { name: string; labels?: Record<string, string> } })
      .filter((o) => o?.kind === 'Service');
    for (const spec of specs) {
      const svc = services.find((s) => s.metadata.name === spec.name)!;
      const local = svc.metadata.labels?.['networking.knative.dev/visibility'] === 'cluster-local';
      expect(local, spec.name).toBe(spec.raw.annotations?.['atelier.dev/public'] !== 'true');
      if (spec.topics.length > 0 && !local) throw new Error(`${spec.name} consumes events but is public`);
    }
  });
});
