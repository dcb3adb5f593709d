import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DbHandle } from '@atelier/shared/db';
import amqp from 'amqplib';
import type { FunctionRow } from '../ops-api';

/** Where a running runner answers, and the ops token its `/_/ops/*` endpoints want. */
export interface RunnerTarget {
  url: string;
  token: string;
}

export function runnerTarget(
  root: string,
  config: { GATEWAY_HOST: string; GATEWAY_PORT: number; DATA_DIR: string; OPS_TOKEN?: string | undefined },
  url?: string,
): RunnerTarget {
  const host = ['0.0.0.0', '::'].includes(config.GATEWAY_HOST) ? '127.0.0.1' : config.GATEWAY_HOST;
  const file = join(resolve(root, config.DATA_DIR), 'secrets', 'ops-token');
  const token = config.OPS_TOKEN ?? (existsSync(file) ? readFileSync(file, 'utf8').trim() : '');
  return { url: (url ?? `http://${host}:${config.GATEWAY_PORT}`).replace(/\/$/, ''), token };
}

export async function opsRequest<T>(target: RunnerTarget, path: string, method = 'GET'): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${target.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${target.token}` },
    });
  } catch {
    throw new Error(`no runner answers at ${target.url} (is npm start running? --url to point elsewhere)`);
  }
  if (res.status === 401)
    throw new Error('the runner refused the ops token (OPS_TOKEN or DATA_DIR/secrets/ops-token)');
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const ago = (iso: string | undefined, now = Date.now()) => {
  if (!iso) return '-';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 120 ? `${s}s ago` : s < 7200 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
};

/** A plain table: columns padded to their widest cell. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

/** `functions ps`: each function's state in the running runner. */
export async function functionsPs(target: RunnerTarget): Promise<string> {
  const { functions, stack } = await opsRequest<{
    functions: FunctionRow[];
    stack: { generation: number; lastAttempt?: { ok: boolean; errors?: string[] } };
  }>(target, '/_/ops/functions');
  const rows = functions.map((f) => [
    f.name,
    f.state,
    f.kind,
    String(f.instances),
    String(f.inflight),
    String(f.coldStarts),
    f.lastColdStartMs !== undefined ? `${Math.round(f.lastColdStartMs)} ms` : '-',
    f.startedAt ? ago(f.startedAt) : '-',
    f.lastError ? `${ago(f.lastError.at)}: ${f.lastError.message.slice(0, 120)}` : '-',
  ]);
  const out = table(
    [
      'NAME',
      'STATE',
      'KIND',
      'INSTANCES',
      'INFLIGHT',
      'COLD STARTS',
      'LAST COLD START',
      'UP SINCE',
      'LAST ERROR',
    ],
    rows,
  );
  const refused = stack.lastAttempt && !stack.lastAttempt.ok;
  return `${out}\n\nstack.yml generation ${stack.generation}${refused ? `; last edit REFUSED: ${stack.lastAttempt?.errors?.join('; ')}` : ''}`;
}

export interface OutboxType {
  type: string;
  pending: number;
  oldestSeconds: number;
  maxAttempts: number;
  lastError: string | null;
}

/** `outbox status`: rows not yet handed to the broker, in total and per event type. */
export async function outboxStatus(
  db: DbHandle,
): Promise<{ pending: number; oldestSeconds: number; types: OutboxType[] }> {
  const types = await db.sql<OutboxType[]>`
    select type, count(*)::int as pending,
           extract(epoch from now() - min(created_at))::float8 as "oldestSeconds",
           max(attempts)::int as "maxAttempts",
           (array_agg(last_error order by created_at desc) filter (where last_error is not null))[1] as "lastError"
    from ops.outbox where published_at is null
    group by type order by min(created_at)`;
  return {
    pending: types.reduce((n, t) => n + t.pending, 0),
    oldestSeconds: Math.max(0, ...types.map((t) => t.oldestSeconds)),
    types,
  };
}

export function formatOutbox(s: Awaited<ReturnType<typeof outboxStatus>>): string {
  if (s.pending === 0) return 'outbox: nothing pending (every event has been handed to the broker)';
  const rows = s.types.map((t) => [
    t.type,
    String(t.pending),
    `${Math.round(t.oldestSeconds)} s`,
    String(t.maxAttempts),
    (t.lastError ?? '-').slice(0, 80),
  ]);
  return `${table(['TYPE', 'PENDING', 'OLDEST', 'ATTEMPTS', 'LAST ERROR'], rows)}\n\noutbox: ${s.pending} pending, oldest ${Math.round(s.oldestSeconds)} s`;
}

export interface TailOptions {
  url: string;
  exchange: string;
  /** Event types or topic patterns (`dev.atelier.billing.#`); all events when empty. */
  types: string[];
  json?: boolean;
  /** Stop after this many events (default: run until interrupted). */
  count?: number;
  write: (line: string) => void;
  /** Called once the temporary queue is bound (events published from then on are shown). */
  onReady?: () => void;
  signal?: AbortSignal;
}

/**
 * `events tail`: a temporary exclusive queue bound to the events exchange (gone when the command ends),
 * each event printed as it is published.
 */
export async function tailEvents(o: TailOptions): Promise<number> {
  const conn = await amqp.connect(o.url);
  let seen = 0;
  try {
    const ch = await conn.createChannel();
    await ch.checkExchange(o.exchange).catch(() => {
      throw new Error(
        `no exchange "${o.exchange}" on the broker: is the platform running (EVENTS_EXCHANGE)?`,
      );
    });
    const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
    for (const t of o.types.length > 0 ? o.types : ['#']) await ch.bindQueue(queue, o.exchange, t);
    await new Promise<void>((done) => {
      o.signal?.addEventListener('abort', () => done(), { once: true });
      void ch
        .consume(
          queue,
          (msg) => {
            if (!msg) return done();
            let e: Record<string, unknown>;
            try {
              e = JSON.parse(msg.content.toString('utf8')) as Record<string, unknown>;
            } catch {
              e = { type: msg.fields.routingKey, id: msg.properties.messageId, data: '(not JSON)' };
            }
            o.write(
              o.json
                ? JSON.stringify(e)
                : [
                    e.time ?? '-',
                    e.type ?? msg.fields.routingKey,
                    e.source ?? '-',
                    e.id ?? '-',
                    e.subject ?? '',
                  ]
                    .join('  ')
                    .trimEnd(),
            );
            if (o.count !== undefined && ++seen >= o.count) done();
          },
          { noAck: true },
        )
        .then(() => o.onReady?.());
    });
  } finally {
    await conn.close().catch(() => {});
  }
  return seen;
}
