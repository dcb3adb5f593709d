import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The runner's metrics, named like the OpenFaaS gateway's so existing dashboards work. */
export function createRunnerMetrics() {
  const registry = new Registry();
  return {
    registry,
    invocations: new Counter({
      name: 'gateway_function_invocation_total',
      help: 'Function invocations through the gateway and the event router',
      labelNames: ['function_name', 'code'] as const,
      registers: [registry],
    }),
    started: new Counter({
      name: 'gateway_function_invocation_started',
      help: 'Function invocations started',
      labelNames: ['function_name'] as const,
      registers: [registry],
    }),
    seconds: new Histogram({
      name: 'gateway_functions_seconds',
      help: 'Function invocation time as seen by the gateway',
      labelNames: ['function_name', 'code'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    replicas: new Gauge({
      name: 'gateway_service_count',
      help: 'Running replicas of each function',
      labelNames: ['function_name'] as const,
      registers: [registry],
    }),
    coldStarts: new Histogram({
      name: 'atelier_cold_start_seconds',
      help: 'Time from spawning a function process to its first readiness',
      labelNames: ['function_name'] as const,
      buckets: [0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2, 5],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'atelier_queue_depth',
      help: 'Messages waiting in each trigger queue (and its dead-letter queue)',
      labelNames: ['queue'] as const,
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'atelier_event_deliveries_total',
      help: 'Event deliveries by outcome (ack, retry, dead_letter)',
      labelNames: ['function_name', 'type', 'outcome'] as const,
      registers: [registry],
    }),
    outboxPending: new Gauge({
      name: 'atelier_outbox_pending',
      help: 'Outbox rows not yet handed to the broker (ops.outbox, published_at null)',
      registers: [registry],
    }),
    creditsSpent: new Counter({
      name: 'atelier_credits_spent_total',
      help: 'Credits captured for finished work (billing.ledger_entries of kind capture)',
      registers: [registry],
    }),
    outboxOldestPending: new Gauge({
      name: 'atelier_outbox_oldest_pending_seconds',
      help: 'Age of the oldest outbox row not yet handed to the broker (0 when none)',
      registers: [registry],
    }),
  };
}
export type RunnerMetrics = ReturnType<typeof createRunnerMetrics>;
