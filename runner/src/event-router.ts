import { binaryHeaders, type CloudEventJson } from '@atelier/shared/events/cloudevent';
import type { Logger } from '@atelier/shared/log';
import type { FunctionSpec } from '@atelier/shared/stack/load';
import amqp, { type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { postEvent } from './deliver';
import type { FunctionInstance } from './function-instance';
import type { RunnerMetrics } from './metrics';
import { delayName, deleteTopology, type Trigger, topology, triggersOf } from './topology';

export interface RouterOptions {
  url: string;
  exchange: string;
  specs: FunctionSpec[];
  instances: Map<string, FunctionInstance>;
  metrics: RunnerMetrics;
  log: Logger;
}

/** Knative (and so we) retry these; every other 4xx is a poison message that no retry can fix. */
const RETRYABLE_4XX = new Set([404, 408, 409, 429]);
const ATTEMPT = 'x-atelier-attempt';

/** A counting semaphore: per-function concurrency across all of its triggers. */
class Limit {
  private waiting: Array<() => void> = [];
  private active = 0;
  constructor(private readonly max: number) {}
  async take(): Promise<void> {
    if (this.active < this.max) {
      this.active++;
      return;
    }
    await new Promise<void>((r) => this.waiting.push(r));
  }
  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

/**
 * Does locally what the Knative RabbitMQ broker's dispatcher does: one durable queue per trigger bound
 * to the topic exchange, HTTP delivery of CloudEvents, ack on 2xx, retries with exponential back-off
 * through TTL delay queues (no sleeping consumers), and a dead-letter queue after the last try.
 */
export class EventRouter {
  private conn: ChannelModel | undefined;
  private pub: ConfirmChannel | undefined;
  private consumers: Channel[] = [];
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private depthTimer: NodeJS.Timeout | undefined;
  private readonly limits = new Map<string, Limit>();
  readonly triggers: Trigger[];

  constructor(private readonly opts: RouterOptions) {
    this.triggers = triggersOf(opts.specs, opts.exchange);
    for (const s of opts.specs) this.limits.set(s.name, new Limit(s.concurrency));
  }

  async start(): Promise<void> {
    this.closed = false;
    await this.connect();
    this.depthTimer = setInterval(() => void this.sampleDepth(), 5000);
    this.depthTimer.unref();
  }

  private async connect(): Promise<void> {
    const conn = await amqp.connect(this.opts.url, { timeout: 5000, noDelay: true });
    this.conn = conn;
    conn.on('error', (err) => this.opts.log.warn({ err: err.message }, 'rabbitmq connection error'));
    conn.on('close', () => {
      this.conn = undefined;
      this.pub = undefined;
      this.consumers = [];
      if (!this.closed) this.scheduleReconnect(1000);
    });
    this.pub = await conn.createConfirmChannel();
    await topology(this.pub, this.opts.exchange, this.triggers);
    for (const trigger of this.triggers) {
      const spec = this.opts.specs.find((s) => s.name === trigger.fn)!;
      const ch = await conn.createChannel();
      await ch.prefetch(spec.prefetch);
      await ch.consume(trigger.queue, (msg) => msg && void this.handle(ch, trigger, spec, msg));
      this.consumers.push(ch);
    }
    this.opts.log.info({ triggers: this.triggers.length }, 'event router connected');
  }

  private scheduleReconnect(delayMs: number): void {
    if (this.closed || this.reconnectTimer) return;
    this.opts.log.warn({ delayMs }, 'rabbitmq unavailable; reconnecting');
    this.reconnectTimer = setTimeout(async () => {
      this.reconnectTimer = undefined;
      try {
        await this.connect();
      } catch {
        this.scheduleReconnect(Math.min(delayMs * 2, 15_000));
      }
    }, delayMs);
  }

  private async handle(
    ch: Channel,
    trigger: Trigger,
    spec: FunctionSpec,
    msg: ConsumeMessage,
  ): Promise<void> {
    const attempt = Number(msg.properties.headers?.[ATTEMPT] ?? 0) + 1;
    const outcome = (o: string) => this.opts.metrics.deliveries.labels(spec.name, trigger.type, o).inc();
    let ce: CloudEventJson;
    try {
      ce = JSON.parse(msg.content.toString('utf8')) as CloudEventJson;
      if (!ce.id || !ce.type || !ce.source) throw new Error('missing id, type or source');
    } catch (err) {
      await this.deadLetter(ch, trigger, msg, `not a structured CloudEvent: ${(err as Error).message}`);
      return outcome('dead_letter');
    }
    const instance = this.opts.instances.get(spec.name)!;
    this.opts.metrics.started.labels(spec.name).inc();
    const limit = this.limits.get(spec.name)!;
    await limit.take();
    let status = 0;
    let detail = '';
    const t0 = performance.now();
    try {
      const res = await postEvent(
        instance,
        binaryHeaders(ce),
        JSON.stringify(ce.data ?? null),
        spec.timeoutMs,
      );
      status = res.status;
      detail = res.body;
    } catch (err) {
      detail = (err as Error).message;
    } finally {
      limit.give();
    }
    const code = String(status || 502);
    this.opts.metrics.invocations.labels(spec.name, code).inc();
    this.opts.metrics.seconds.labels(spec.name, code).observe((performance.now() - t0) / 1000);
    try {
      if (status >= 200 && status < 300) {
        ch.ack(msg);
        return outcome('ack');
      }
      const poison = status >= 400 && status < 500 && !RETRYABLE_4XX.has(status);
      const log = {
        function: spec.name,
        eventId: ce.id,
        type: ce.type,
        attempt,
        status,
        detail: detail.slice(0, 300),
      };
      if (!poison && attempt <= spec.retry) {
        const delay = trigger.delays[attempt - 1]!;
        await this.republish(delayName(this.opts.exchange, delay), trigger.queue, msg, attempt);
        ch.ack(msg);
        this.opts.log.warn({ ...log, retryInMs: delay }, 'event delivery failed; will retry');
        return outcome('retry');
      }
      await this.deadLetter(
        ch,
        trigger,
        msg,
        poison ? `rejected with ${status}: ${detail}` : `failed ${attempt} times; last: ${status} ${detail}`,
      );
      this.opts.log.error(log, 'event dead-lettered');
      outcome('dead_letter');
    } catch (err) {
      // The channel went away mid-way: the unacked message returns to its queue by itself.
      this.opts.log.warn({ err: (err as Error).message }, 'could not settle delivery');
    }
  }

  private async republish(
    exchange: string,
    routingKey: string,
    msg: ConsumeMessage,
    attempt: number,
    reason?: string,
  ) {
    const pub = this.pub;
    if (!pub) throw new Error('no publish channel');
    const headers = {
      ...msg.properties.headers,
      [ATTEMPT]: attempt,
      ...(reason ? { 'x-atelier-reason': reason.slice(0, 500) } : {}),
    };
    // Ack the original only once the broker has confirmed the copy: a crash in between duplicates, never loses.
    await new Promise<void>((resolve, reject) =>
      pub.publish(
        exchange,
        routingKey,
        msg.content,
        { ...msg.properties, persistent: true, headers },
        (err) => (err ? reject(err) : resolve()),
      ),
    );
  }

  private async deadLetter(ch: Channel, trigger: Trigger, msg: ConsumeMessage, reason: string) {
    await this.republish('', trigger.dlq, msg, Number(msg.properties.headers?.[ATTEMPT] ?? 0) + 1, reason);
    ch.ack(msg);
  }

  private async sampleDepth(): Promise<void> {
    const pub = this.pub;
    if (!pub) return;
    for (const t of this.triggers) {
      for (const q of [t.queue, t.dlq]) {
        const info = await pub.checkQueue(q).catch(() => undefined);
        if (info) this.opts.metrics.queueDepth.labels(q).set(info.messageCount);
      }
    }
  }

  /** Deletes this router's queues and exchanges (for throw-away test platforms). */
  async destroy(): Promise<void> {
    if (this.pub) await deleteTopology(this.pub, this.opts.exchange, this.triggers).catch(() => {});
  }

  async stop(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.depthTimer) clearInterval(this.depthTimer);
    await this.conn?.close().catch(() => {});
  }
}
