import { EVENTS_PATH } from '@atelier/shared/events/consumer';
import type { FunctionSpec } from '@atelier/shared/stack/load';
import {
  DEAD_LETTERS,
  type Destination,
  type K8sObject,
  type ResolvedOptions,
  serviceRef,
  timeoutSecondsOf,
} from './knative-shared';
import { isoDuration, PART_OF, triggerName } from './names';

const BROKER_CONFIG = 'atelier-rabbitmq';
/** Defaults of `atelier.dev/retry` and `atelier.dev/retry-backoff`, for events no Trigger overrides. */
const DEFAULT_RETRY = 5;
const DEFAULT_BACKOFF_MS = 1000;
/** Knative's own event viewer: logs each dead letter with its knativeerror* extensions (why it failed). */
export const DEAD_LETTERS_IMAGE = 'gcr.io/knative-releases/knative.dev/eventing/cmd/event_display';

/** The broker config, the broker, the dead-letter sink (unless one is given) and one Trigger per subscription. */
export function eventingObjects(specs: FunctionSpec[], opts: ResolvedOptions): K8sObject[] {
  const meta = (name: string, annotations?: Record<string, string>) => ({
    name,
    namespace: opts.namespace,
    labels: { ...PART_OF },
    ...(annotations ? { annotations } : {}),
  });
  const objects: K8sObject[] = [
    {
      apiVersion: 'eventing.knative.dev/v1alpha1',
      kind: 'RabbitmqBrokerConfig',
      metadata: meta(BROKER_CONFIG),
      spec: { rabbitmqClusterReference: { ...opts.rabbitmqCluster }, queueType: 'quorum' },
    },
  ];
  if (opts.deadLetterSink.ref?.name === DEAD_LETTERS && opts.deadLetterSink.ref.kind === 'Service') {
    objects.push(deadLetterService(opts));
  }
  objects.push({
    apiVersion: 'eventing.knative.dev/v1',
    kind: 'Broker',
    metadata: meta(opts.broker, { 'eventing.knative.dev/broker.class': 'RabbitMQBroker' }),
    spec: {
      config: {
        apiVersion: 'eventing.knative.dev/v1alpha1',
        kind: 'RabbitmqBrokerConfig',
        name: BROKER_CONFIG,
        namespace: opts.namespace,
      },
      // Every Trigger sets its own; this covers any Trigger added by hand.
      delivery: {
        retry: DEFAULT_RETRY,
        backoffPolicy: 'exponential',
        backoffDelay: isoDuration(DEFAULT_BACKOFF_MS),
        deadLetterSink: copy(opts.deadLetterSink),
      },
    },
  });
  for (const s of specs) {
    for (const type of s.topics) {
      objects.push({
        apiVersion: 'eventing.knative.dev/v1',
        kind: 'Trigger',
        // One in-flight delivery per prefetch slot, as the local router's per-trigger AMQP prefetch.
        metadata: meta(triggerName(s.name, type), {
          'rabbitmq.eventing.knative.dev/parallelism': String(s.prefetch),
        }),
        spec: {
          broker: opts.broker,
          // The RabbitMQ broker only supports exact attribute filters (a headers-exchange binding).
          filter: { attributes: { type } },
          subscriber: { ref: serviceRef(s.name), uri: EVENTS_PATH },
          // Without a delivery spec the RabbitMQ dispatcher drops an event after its first failure.
          delivery: {
            retry: s.retry,
            backoffPolicy: 'exponential',
            backoffDelay: isoDuration(s.retryBackoffMs),
            timeout: isoDuration(timeoutSecondsOf(s) * 1000),
            deadLetterSink: copy(opts.deadLetterSink),
          },
        },
      });
    }
  }
  return objects;
}

/** One PingSource per scheduled function; it sends what the local runner's cron sends. */
export function sourceObjects(specs: FunctionSpec[], opts: ResolvedOptions): K8sObject[] {
  return specs.flatMap((s): K8sObject[] =>
    s.schedule === undefined
      ? []
      : [
          {
            apiVersion: 'sources.knative.dev/v1',
            kind: 'PingSource',
            metadata: { name: s.name, namespace: opts.namespace, labels: { ...PART_OF } },
            spec: {
              schedule: s.schedule,
              timezone: 'UTC',
              contentType: 'application/json',
              data: JSON.stringify({ schedule: s.schedule }),
              sink: { ref: serviceRef(s.name), uri: EVENTS_PATH },
            },
          },
        ],
  );
}

function deadLetterService(opts: ResolvedOptions): K8sObject {
  const labels = { ...PART_OF, 'app.kubernetes.io/name': DEAD_LETTERS };
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: DEAD_LETTERS, namespace: opts.namespace, labels },
    spec: {
      template: {
        metadata: {
          labels,
          annotations: { 'autoscaling.knative.dev/min-scale': '0', 'autoscaling.knative.dev/max-scale': '1' },
        },
        spec: {
          containers: [
            {
              name: 'event-display',
              image: DEAD_LETTERS_IMAGE,
              ports: [{ name: 'http1', containerPort: 8080 }],
              resources: {
                limits: { memory: '64Mi', cpu: '100m' },
                requests: { memory: '16Mi', cpu: '10m' },
              },
              securityContext: { readOnlyRootFilesystem: true },
            },
          ],
        },
      },
    },
  };
}

const copy = (d: Destination): Destination => structuredClone(d);
