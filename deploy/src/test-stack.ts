import { join, resolve } from 'node:path';
import { eventTypes } from '@atelier/shared/events/catalog';
import { type FunctionSpec, functionSpecs, loadStack, parseStack } from '@atelier/shared/stack/load';
import { type CrdValidator, loadCrdValidator } from './crd-validate';
import { repoRoot } from './render';

/** Verbatim copies of the team's CRD schemas (deploy/schemas/README.md): a fresh clone needs nothing else. */
export const schemasDir = resolve(repoRoot, 'deploy/schemas');
export const crds = (): CrdValidator => loadCrdValidator(schemasDir);

export const realSpecs = (): FunctionSpec[] =>
  functionSpecs(loadStack(join(repoRoot, 'stack.yml'), { env: {}, knownEventTypes: eventTypes() }));

/**
 * A stack that exercises what the real one does not yet: several topics, a cron schedule, a long
 * trigger name, a timeout above Knative's limit, several secrets, a GPU and long-running functions.
 */
export const SAMPLE_STACK = `
version: 1.0
provider: { name: openfaas }
functions:
  generate:
    lang: atelier-node20
    handler: ./functions/generate
    image: \${REGISTRY:-ghcr.io/atelier}/generate:1.0.0
    secrets: [database-url, s3-secret-access-key]
    environment: { LOG_LEVEL: debug }
    labels:
      com.openfaas.scale.max: "20"
      com.openfaas.scale.zero: "true"
      com.openfaas.scale.zero-duration: 2h
      com.openfaas.scale.type: capacity
      com.openfaas.scale.target: "5"
      com.openfaas.scale.target-proportion: "0.9"
    annotations:
      topic: dev.atelier.generation.requested.v1, dev.atelier.generation.cancelled_because_the_user_changed_their_mind.v1, cron-function
      schedule: "*/5 * * * *"
      atelier.dev/retry: "3"
      atelier.dev/retry-backoff: 500ms
      atelier.dev/timeout: 15m
      atelier.dev/prefetch: "4"
  gpu-pool:
    lang: atelier-node20
    handler: ./gpu-pool
    image: ghcr.io/atelier/gpu-pool:1.0.0
    labels: { com.openfaas.scale.max: "2" }
    limits: { memory: 8Gi, nvidia.com/gpu: "1" }
    requests: { memory: 4Gi }
  stream:
    lang: atelier-node20
    handler: ./functions/stream
    image: ghcr.io/atelier/stream:1.0.0
    labels: { com.openfaas.scale.min: "0", com.openfaas.scale.max: "3" }
    annotations: { atelier.dev/long-running: "true", atelier.dev/concurrency: "200" }
    readonly_root_filesystem: false
`;

export const sampleSpecs = (): FunctionSpec[] => functionSpecs(parseStack(SAMPLE_STACK, { env: {} }));
