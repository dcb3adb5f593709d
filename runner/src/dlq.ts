import amqp from 'amqplib';
import { redeliverExchange, type Trigger } from './topology';

export interface DeadLetterSummary {
  trigger: string;
  queue: string;
  count: number;
  samples: Array<{ eventId: string; type: string; attempts: number; reason: string }>;
}

/** Selects triggers by id (`fn:type`), function name, or queue name. */
export function selectTriggers(triggers: Trigger[], selector: string): Trigger[] {
  return triggers.filter(
    (t) => t.id === selector || t.fn === selector || t.queue === selector || t.dlq === selector,
  );
}

/** Counts each trigger's dead letters and shows the first few (peeked, then put back). */
export async function listDeadLetters(
  url: string,
  triggers: Trigger[],
  peek = 3,
): Promise<DeadLetterSummary[]> {
  const conn = await amqp.connect(url);
  try {
    const ch = await conn.createChannel();
    const out: DeadLetterSummary[] = [];
    for (const t of triggers) {
      const { messageCount } = await ch.assertQueue(t.dlq, { durable: true });
      const samples: DeadLetterSummary['samples'] = [];
      const held = [];
      for (let i = 0; i < Math.min(peek, messageCount); i++) {
        const msg = await ch.get(t.dlq, { noAck: false });
        if (!msg) break;
        held.push(msg);
        const h = msg.properties.headers ?? {};
        samples.push({
          eventId: String(msg.properties.messageId ?? '?'),
          type: String(msg.properties.type ?? t.type),
          attempts: Number(h['x-atelier-attempt'] ?? 0),
          reason: String(h['x-atelier-reason'] ?? ''),
        });
      }
      if (held.length > 0) ch.nackAll(true);
      out.push({ trigger: t.id, queue: t.dlq, count: messageCount, samples });
    }
    await ch.close();
    return out;
  } finally {
    await conn.close();
  }
}

/** Moves a trigger's dead letters back to its queue with a fresh retry budget. Returns how many. */
export async function replayDeadLetters(url: string, exchange: string, trigger: Trigger): Promise<number> {
  const conn = await amqp.connect(url);
  try {
    const ch = await conn.createConfirmChannel();
    const { messageCount } = await ch.assertQueue(trigger.dlq, { durable: true });
    let moved = 0;
    // Only what is there now: a replayed event that fails again must not loop within this call.
    for (; moved < messageCount; moved++) {
      const msg = await ch.get(trigger.dlq, { noAck: false });
      if (!msg) break;
      const { 'x-atelier-attempt': _a, 'x-atelier-reason': _r, ...headers } = msg.properties.headers ?? {};
      await new Promise<void>((resolve, reject) =>
        ch.publish(
          redeliverExchange(exchange),
          trigger.queue,
          msg.content,
          { ...msg.properties, persistent: true, headers },
          (err) => (err ? reject(err) : resolve()),
        ),
      );
      ch.ack(msg);
    }
    await ch.close();
    return moved;
  } finally {
    await conn.close();
  }
}
