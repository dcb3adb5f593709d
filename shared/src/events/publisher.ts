import type { ChannelModel, ConfirmChannel } from 'amqplib';
import { loadAmqp } from '../amqp';
import { withSpan } from '../tracing';
import type { CloudEventJson } from './cloudevent';

export interface Publisher {
  publish(events: CloudEventJson[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Publishes structured CloudEvents to the topic exchange (routing key = event type) as persistent
 * messages and waits for the broker's confirms, so "published" means RabbitMQ has it.
 */
export function rabbitPublisher(config: { RABBITMQ_URL: string; EVENTS_EXCHANGE: string }): Publisher {
  let connecting: Promise<{ conn: ChannelModel; ch: ConfirmChannel }> | undefined;

  const open = () => {
    connecting ??= (async () => {
      const amqp = await loadAmqp();
      const conn = await amqp.connect(config.RABBITMQ_URL, { timeout: 3000, noDelay: true });
      const reset = () => {
        connecting = undefined;
      };
      conn.on('close', reset);
      conn.on('error', reset);
      const ch = await conn.createConfirmChannel();
      ch.on('error', reset);
      ch.on('close', reset);
      await ch.assertExchange(config.EVENTS_EXCHANGE, 'topic', { durable: true });
      return { conn, ch };
    })().catch((err) => {
      connecting = undefined;
      throw err;
    });
    return connecting;
  };

  return {
    async publish(events) {
      if (events.length === 0) return;
      await withSpan(
        `publish ${config.EVENTS_EXCHANGE}`,
        publishSpan('rabbitmq', config.EVENTS_EXCHANGE, events),
        async () => {
          const { ch } = await open();
          for (const ce of events) send(ch, ce);
          await ch.waitForConfirms();
        },
      );
    },
    async close() {
      const current = connecting;
      connecting = undefined;
      if (current) await (await current.catch(() => undefined))?.conn.close().catch(() => {});
    },
  };

  function send(ch: ConfirmChannel, ce: CloudEventJson) {
    ch.publish(config.EVENTS_EXCHANGE, ce.type, Buffer.from(JSON.stringify(ce)), {
      persistent: true,
      contentType: 'application/cloudevents+json',
      messageId: ce.id,
      type: ce.type,
      timestamp: Math.floor(Date.parse(ce.time) / 1000),
      headers: ce.traceparent ? { traceparent: ce.traceparent } : {},
    });
  }
}

/**
 * The "send" span of a batch: CLIENT (each event has its PRODUCER "create" span already, see the
 * outbox), linked to every event's creation context, a child of whatever relays them.
 */
const publishSpan = (system: string, destination: string, events: CloudEventJson[]) => ({
  kind: 'client' as const,
  links: events.map((e) => e.traceparent),
  attributes: {
    'messaging.system': system,
    'messaging.operation.type': 'send',
    'messaging.destination.name': destination,
    'messaging.batch.message_count': events.length,
  },
});

/** In a Knative cluster: POST each event to the Broker ingress ($K_SINK) in structured mode. */
export function sinkPublisher(config: { K_SINK: string }): Publisher {
  return {
    async publish(events) {
      if (events.length === 0) return;
      await withSpan('publish broker', publishSpan('knative', 'broker', events), async () => {
        for (const ce of events) await post(ce);
      });
    },
    async close() {},
  };

  async function post(ce: CloudEventJson) {
    const res = await fetch(config.K_SINK, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify(ce),
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`Broker ingress answered ${res.status} for event ${ce.id}`);
  }
}

export function createPublisher(config: {
  RABBITMQ_URL: string;
  EVENTS_EXCHANGE: string;
  K_SINK?: string | undefined;
}): Publisher {
  return config.K_SINK ? sinkPublisher({ K_SINK: config.K_SINK }) : rabbitPublisher(config);
}
