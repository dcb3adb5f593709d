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
  constructor(private max: number) {}
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
  /** A new maximum from an edited stack.yml: waiters get the extra room at once. */
  resize(max: number): void {
    this.max = max;
    while (this.active < this.max && this.waiting.length > 0) {
      this.active++;
      this.waiting.shift()!();
    }
  }
}

/** What applying an edited stack.yml changed in the router. */
export interface RouterChanges {
  added: string[];
  removed: string[];
  resubscribed: string[];
}

/**
 * Does locally what the Knative RabbitMQ broker's dispatcher does: one durable queue per trigger bound
 * to the topic exchange, HTTP delivery of CloudEvents, ack on 2xx, retries with exponential back-off
 * through TTL delay queues (no sleeping consumers), and a dead-letter queue after the last try.
 */
export class EventRouter {
  private conn: ChannelModel | undefined;
  private pub: ConfirmChannel | undefined;
  private consumers = new Map<string, Channel>();
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private depthTimer: NodeJS.Timeout | undefined;
  private readonly limits = new Map<string, Limit>();
  triggers: Trigger[];
  private specs: Map<string, FunctionSpec>;

  constructor(private readonly opts: RouterOptions) {
    this.triggers = triggersOf(opts.specs, opts.exchange);
    this.specs = new Map(opts.specs.map((s) => [s.name, s]));
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
      this.consumers.clear();
      if (!this.closed) this.scheduleReconnect(1000);
    });
    this.pub = await conn.createConfirmChannel();
    await topology(this.pub, this.opts.exchange, this.triggers);
    for (const trigger of this.triggers) await this.subscribe(conn, trigger);
    this.opts.log.info({ triggers: this.triggers.length }, 'event router connected');
  }

  private async subscribe(conn: ChannelModel, trigger: Trigger): Promise<void> {
    const ch = await conn.createChannel();
    await ch.prefetch(this.specs.get(trigger.fn)!.prefetch);
    await ch.consume(trigger.queue, (msg) => {
      // The trigger's current settings: an edited stack.yml may have changed them since.
      const spec = this.specs.get(trigger.fn);
      const current = this.triggers.find((t) => t.id === trigger.id);
      if (msg && spec && current) void this.handle(ch, current, spec, msg);
    });
    this.consumers.set(trigger.id, ch);
  }

  /**
   * Applies an edited stack.yml: queues for new triggers are declared, bound and consumed; removed
   * triggers stop consuming and their queue is unbound (deleted when empty, else kept with what it holds
   * and named in the log); a changed prefetch resubscribes; concurrency, retries and timeouts apply to the
   * next delivery.
   */
  async apply(specs: FunctionSpec[]): Promise<RouterChanges> {
    const before = new Map(this.triggers.map((t) => [t.id, t]));
    const oldSpecs = this.specs;
    const next = triggersOf(specs, this.opts.exchange);
    this.specs = new Map(specs.map((s) => [s.name, s]));
    for (const s of specs) {
      const limit = this.limits.get(s.name);
      if (limit) limit.resize(s.concurrency);
      else this.limits.set(s.name, new Limit(s.concurrency));
    }
    this.triggers = next;
    const changes: RouterChanges = { added: [], removed: [], resubscribed: [] };
    const added = next.filter((t) => !before.has(t.id));
    const removed = [...before.values()].filter((t) => !next.some((n) => n.id === t.id));
    const resubscribe = next.filter(
      (t) => before.has(t.id) && oldSpecs.get(t.fn)?.prefetch !== this.specs.get(t.fn)?.prefetch,
    );
    changes.added = added.map((t) => t.id);
    changes.removed = removed.map((t) => t.id);
    changes.resubscribed = resubscribe.map((t) => t.id);
    const conn = this.conn;
    const pub = this.pub;
    // Not connected: the reconnect declares and consumes the new set (removals are left for later).
    if (!conn || !pub) return changes;
    await topology(pub, this.opts.exchange, next);
    for (const t of [...removed, ...resubscribe]) {
      await this.consumers
        .get(t.id)
        ?.close()
        .catch(() => {});
      this.consumers.delete(t.id);
    }
    for (const t of removed) await this.retire(conn, t);
    for (const t of [...added, ...resubscribe]) await this.subscribe(conn, t);
    return changes;
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

  /**
   * Unbinds a removed trigger's queue; deletes it (and its dead letters) when empty. Each step on a
   * channel of its own: a broker refusal closes the channel it happened on, never the publish channel.
   */
  private async retire(conn: ChannelModel, t: Trigger): Promise<void> {
    const step = async (fn: (ch: Channel) => Promise<unknown>) => {
      const ch = await conn.createChannel();
      ch.on('error', () => {});
      try {
        return await fn(ch);
      } catch {
        return undefined;
      } finally {
        await ch.close().catch(() => {});
      }
    };
    await step((ch) => ch.unbindQueue(t.queue, this.opts.exchange, t.type));
    const left = (await step((ch) => ch.checkQueue(t.queue))) as { messageCount: number } | undefined;
    const dead = (await step((ch) => ch.checkQueue(t.dlq))) as { messageCount: number } | undefined;
    if (left?.messageCount || dead?.messageCount) {
      this.opts.log.warn(
        { trigger: t.id, queue: t.queue, messages: left?.messageCount, deadLetters: dead?.messageCount },
        'trigger removed; its queues still hold events and are kept (unbound)',
      );
      return;
    }
    await step((ch) => ch.deleteQueue(t.queue, { ifEmpty: true }));
    await step((ch) => ch.deleteQueue(t.dlq, { ifEmpty: true }));
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
    const instance = this.opts.instances.get(spec.name);
    if (!instance) {
      // The function was removed from stack.yml while this event was on its way: back to the queue.
      try {
        ch.nack(msg, false, true);
      } catch {}
      return;
    }
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
    if (status < 200 || status >= 300)
      instance.noteError(`event ${ce.type} ${ce.id}: ${status || 'no answer'} ${detail.slice(0, 200)}`);
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
