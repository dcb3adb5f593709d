import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventTypes } from '@atelier/shared/events/catalog';
import { functionSpecs, parseStack } from '@atelier/shared/stack/load';
import { stringify } from 'yaml';
import { generateKnative, type K8sObject } from './knative';
import { HEADER_LINE } from './names';
import { generateOpenFaasCe, OPENFAAS_FILES } from './openfaas-ce';

export const HEADER = `# ${HEADER_LINE}\n`;

/** The repository root (deploy/src/ → ../../). */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Objects as one multi-document YAML file, with the "generated" header. */
export function toYaml(objects: object[]): string {
  return (
    HEADER + objects.map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n')
  );
}

/**
 * Every generated file, by path relative to the repository root, from `<root>/stack.yml`.
 * `${VAR:-default}` takes its default (no environment is read), so the output is the same everywhere.
 */
export function renderAll(root: string = repoRoot): Record<string, string> {
  const text = readFileSync(join(root, 'stack.yml'), 'utf8');
  const knownEventTypes = eventTypes();
  const specs = functionSpecs(parseStack(text, { env: {}, knownEventTypes }));
  const files: Record<string, string> = {};
  for (const [path, objects] of Object.entries(generateKnative(specs))) files[path] = toYaml(objects);
  const ce = generateOpenFaasCe(text, { knownEventTypes });
  files[OPENFAAS_FILES.stack] = ce.stack;
  files[OPENFAAS_FILES.functions] = toYaml(ce.functions);
  return files;
}

export type { K8sObject };
