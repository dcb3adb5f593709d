import type { FunctionSpec } from '@atelier/shared/stack/load';

export type K8sObject = Record<string, unknown> & { apiVersion: string; kind: string; metadata: K8sMeta };
export interface K8sMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
/** A Knative Destination (duckv1): a reference to an addressable, optionally with a path on it. */
export interface Destination {
  ref?: { apiVersion: string; kind: string; name: string; namespace?: string };
  uri?: string;
}

export interface KnativeOptions {
  /** Namespace of every object (default `atelier`). */
  namespace?: string;
  /** Name of the RabbitMQ-class Broker (default `default`). */
  broker?: string;
  /** The RabbitmqCluster the broker uses (default `rabbitmq` in namespace `rabbitmq`). */
  rabbitmqCluster?: { name: string; namespace: string };
  /** Where events go after their last try; default: the generated `dead-letters` Service. */
  deadLetterSink?: Destination;
  /** Cluster DNS domain, for the broker ingress address given to functions as K_SINK (default `cluster.local`). */
  clusterDomain?: string;
}
export type ResolvedOptions = Required<KnativeOptions>;

export const KNATIVE_FILES = {
  services: 'knative/services.yaml',
  eventing: 'knative/eventing.yaml',
  sources: 'knative/sources.yaml',
} as const;

/** Knative's webhook refuses a revision timeout above `max-revision-timeout-seconds` (600 by default). */
export const MAX_TIMEOUT_SECONDS = 600;
/** Where OpenFaaS (faas-netes) mounts secrets, so one image reads them the same way on both platforms. */
export const SECRETS_DIR = '/var/openfaas/secrets';
/** Environment variables Knative Serving sets itself and refuses in a Service. */
export const RESERVED_ENV = new Set(['PORT', 'K_SERVICE', 'K_CONFIGURATION', 'K_REVISION']);
export const DEAD_LETTERS = 'dead-letters';

export const serviceRef = (name: string) => ({ apiVersion: 'serving.knative.dev/v1', kind: 'Service', name });

export function resolveOptions(opts: KnativeOptions = {}): ResolvedOptions {
  return {
    namespace: opts.namespace ?? 'atelier',
    broker: opts.broker ?? 'default',
    rabbitmqCluster: opts.rabbitmqCluster ?? { name: 'rabbitmq', namespace: 'rabbitmq' },
    deadLetterSink: opts.deadLetterSink ?? { ref: serviceRef(DEAD_LETTERS) },
    clusterDomain: opts.clusterDomain ?? 'cluster.local',
  };
}

/** A GPU function keeps its model loaded: like a long-running one, it is never scaled to zero. */
export const needsWarm = (s: FunctionSpec): boolean =>
  s.longRunning ||
  s.raw.limits?.['nvidia.com/gpu'] !== undefined ||
  s.raw.requests?.['nvidia.com/gpu'] !== undefined;

export const minScaleOf = (s: FunctionSpec): number => (needsWarm(s) ? Math.max(1, s.minScale) : s.minScale);

export const timeoutSecondsOf = (s: FunctionSpec): number =>
  Math.min(MAX_TIMEOUT_SECONDS, Math.max(1, Math.ceil(s.timeoutMs / 1000)));
