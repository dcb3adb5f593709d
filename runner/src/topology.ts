import type { FunctionSpec } from '@atelier/shared/stack/load';
import type { Channel } from 'amqplib';

/** One subscription of a function to one event type, and the queues that carry it. */
export interface Trigger {
  id: string; // <function>:<event type>
  fn: string;
  type: string;
  queue: string;
  dlq: string;
  /** Delay before retry n (1-based index n-1): back-off × 2^(n-1). */
  delays: number[];
}

/** Every name is prefixed by the events exchange, so several platforms (or test runs) can share a broker. */
export const redeliverExchange = (exchange: string) => `${exchange}.redeliver`;
export const delayName = (exchange: string, ms: number) => `${exchange}.delay.${ms}`;

export function triggersOf(specs: FunctionSpec[], exchange: string): Trigger[] {
  return specs.flatMap((s) =>
    s.topics.map((type) => {
      const queue = `${exchange}.${s.name}.${type}`;
      return {
        id: `${s.name}:${type}`,
        fn: s.name,
        type,
        queue,
        dlq: `${queue}.dlq`,
        delays: Array.from({ length: s.retry }, (_, n) => s.retryBackoffMs * 2 ** n),
      };
    }),
  );
}

/**
 * Declares everything the router needs, idempotently:
 * - the topic exchange events are published to (routing key = event type);
 * - per trigger, a durable queue bound to its exact type, and its dead-letter queue;
 * - a direct "redeliver" exchange that routes by queue name (retries and DLQ replays come back through it);
 * - per delay, a fanout exchange and a TTL queue that dead-letters into "redeliver" when the delay is over,
 *   keeping the routing key (the target queue), so one delay queue serves every trigger.
 */
export async function topology(ch: Channel, exchange: string, triggers: Trigger[]): Promise<void> {
  await ch.assertExchange(exchange, 'topic', { durable: true });
  const redeliver = redeliverExchange(exchange);
  await ch.assertExchange(redeliver, 'direct', { durable: true });
  for (const ms of new Set(triggers.flatMap((t) => t.delays))) {
    const name = delayName(exchange, ms);
    await ch.assertExchange(name, 'fanout', { durable: true });
    await ch.assertQueue(name, {
      durable: true,
      arguments: { 'x-message-ttl': ms, 'x-dead-letter-exchange': redeliver },
    });
    await ch.bindQueue(name, name, '');
  }
  for (const t of triggers) {
    await ch.assertQueue(t.queue, { durable: true });
    await ch.bindQueue(t.queue, exchange, t.type);
    await ch.bindQueue(t.queue, redeliver, t.queue);
    await ch.assertQueue(t.dlq, { durable: true });
  }
}

/** Removes everything `topology` declared (tests use throw-away exchanges). */
export async function deleteTopology(ch: Channel, exchange: string, triggers: Trigger[]): Promise<void> {
  for (const t of triggers) {
    await ch.deleteQueue(t.queue);
    await ch.deleteQueue(t.dlq);
  }
  for (const ms of new Set(triggers.flatMap((t) => t.delays))) {
    await ch.deleteQueue(delayName(exchange, ms));
    await ch.deleteExchange(delayName(exchange, ms));
  }
  await ch.deleteExchange(redeliverExchange(exchange));
  await ch.deleteExchange(exchange);
}
