import type { FunctionSpec } from '@atelier/shared/stack/load';
import { eventingObjects, sourceObjects } from './knative-eventing';
import {
  DEAD_LETTERS,
  type K8sObject,
  KNATIVE_FILES,
  type KnativeOptions,
  minScaleOf,
  RESERVED_ENV,
  type ResolvedOptions,
  resolveOptions,
  SECRETS_DIR,
  timeoutSecondsOf,
} from './knative-shared';
import { goDuration, PART_OF } from './names';
import { READY_PROBE_PATH } from './openfaas-ce';

export * from './knative-shared';

/** Every Knative object the stack needs, by the file it is written to (file name → objects, in order). */
export function generateKnative(
  specs: FunctionSpec[],
  options: KnativeOptions = {},
): Record<string, K8sObject[]> {
  const opts = resolveOptions(options);
  if (!options.deadLetterSink && specs.some((s) => s.name === DEAD_LETTERS)) {
    throw new Error(
      `a function may not be named "${DEAD_LETTERS}": the generated dead-letter sink uses that name`,
    );
  }
  return {
    [KNATIVE_FILES.services]: specs.map((s) => knativeService(s, opts)),
    [KNATIVE_FILES.eventing]: eventingObjects(specs, opts),
    [KNATIVE_FILES.sources]: sourceObjects(specs, opts),
  };
}

function knativeService(s: FunctionSpec, opts: ResolvedOptions): K8sObject {
  const labels = { ...PART_OF, 'app.kubernetes.io/name': s.name };
  const minScale = minScaleOf(s);
  // On the revision template: Knative ignores autoscaling annotations on the Service's own metadata.
  const annotations: Record<string, string> = {
    'autoscaling.knative.dev/min-scale': String(minScale),
    'autoscaling.knative.dev/max-scale': String(s.maxScale),
    'autoscaling.knative.dev/target': String(s.concurrency),
  };
  if (minScale === 0) {
    // Knative allows at most 1h here; the stack's zero-duration is the idle time before scaling to zero.
    annotations['autoscaling.knative.dev/scale-to-zero-pod-retention-period'] = goDuration(
      Math.min(s.idleMs, 3_600_000),
    );
  }
  const mounts: Record<string, unknown>[] = [];
  const volumes: Record<string, unknown>[] = [];
  if (s.secrets.length > 0) {
    // One projected volume, one file per secret: /var/openfaas/secrets/<name>, as faas-netes lays it out.
    mounts.push({ name: 'secrets', mountPath: SECRETS_DIR, readOnly: true });
    volumes.push({
      name: 'secrets',
      projected: {
        sources: s.secrets.map((name) => ({ secret: { name, items: [{ key: name, path: name }] } })),
      },
    });
  }
  if (s.raw.readonly_root_filesystem) {
    // OpenFaaS keeps /tmp writable on a read-only root; do the same.
    mounts.push({ name: 'tmp', mountPath: '/tmp' });
    volumes.push({ name: 'tmp', emptyDir: {} });
  }
  const container: Record<string, unknown> = {
    name: 'function',
    image: s.image,
    ports: [{ name: 'http1', containerPort: 8080 }],
    env: containerEnv(s, opts),
    // of-watchdog answers /_/health itself; /_/ready goes through it to the function's health.
    readinessProbe: { httpGet: { path: READY_PROBE_PATH } },
  };
  const resources = resourcesOf(s);
  if (resources) container.resources = resources;
  if (s.raw.readonly_root_filesystem !== undefined) {
    container.securityContext = { readOnlyRootFilesystem: s.raw.readonly_root_filesystem };
  }
  if (mounts.length > 0) container.volumeMounts = mounts;
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: {
      name: s.name,
      namespace: opts.namespace,
      // Only functions marked public get an external URL; the rest (event consumers, operator tools)
      // are reachable inside the cluster only, so nobody outside can post forged events to them.
      labels:
        s.raw.annotations?.['atelier.dev/public'] === 'true'
          ? labels
          : { ...labels, 'networking.knative.dev/visibility': 'cluster-local' },
    },
    spec: {
      template: {
        metadata: { labels, annotations },
        spec: {
          containerConcurrency: s.concurrency,
          timeoutSeconds: timeoutSecondsOf(s),
          containers: [container],
          ...(volumes.length > 0 ? { volumes } : {}),
        },
      },
    },
  };
}

/** What the local runner gives each function, adapted to the cluster; stack.yml's `environment` wins. */
function containerEnv(s: FunctionSpec, opts: ResolvedOptions): { name: string; value: string }[] {
  for (const name of Object.keys(s.environment)) {
    if (RESERVED_ENV.has(name))
      throw new Error(`function "${s.name}": Knative sets ${name} itself; remove it`);
  }
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    FUNCTION_NAME: s.name,
    BODY_LIMIT_BYTES: String(s.bodyLimitBytes),
    // Functions publish to the Broker ingress instead of RabbitMQ when K_SINK is set.
    K_SINK: `http://${opts.broker}-broker-ingress.${opts.namespace}.svc.${opts.clusterDomain}`,
    ...s.environment,
  };
  return Object.entries(env).map(([name, value]) => ({ name, value }));
}

function resourcesOf(s: FunctionSpec): Record<string, Record<string, string>> | undefined {
  const limits: Record<string, string> = { ...(s.raw.limits ?? {}) };
  const requests: Record<string, string> = { ...(s.raw.requests ?? {}) };
  // Kubernetes requires extended resources such as GPUs in limits; a request alone is refused.
  const gpu = requests['nvidia.com/gpu'];
  if (gpu !== undefined && limits['nvidia.com/gpu'] === undefined) limits['nvidia.com/gpu'] = gpu;
  const out: Record<string, Record<string, string>> = {};
  if (Object.keys(limits).length > 0) out.limits = limits;
  if (Object.keys(requests).length > 0) out.requests = requests;
  return Object.keys(out).length > 0 ? out : undefined;
}
