import type * as Amqplib from 'amqplib';

/**
 * amqplib, loaded on first use: most function processes never touch RabbitMQ directly, and parsing it
 * would lengthen every cold start. It is CommonJS, so a bundle may expose it under `default`.
 */
export async function loadAmqp(): Promise<typeof Amqplib> {
  const mod = (await import('amqplib')) as typeof Amqplib & { default?: typeof Amqplib };
  return mod.default ?? mod;
}
