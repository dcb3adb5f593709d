import { runWithLogContext } from '../log';
import { currentTraceparent, startSpan, tracingConfigured, tracingEnabled } from './index';

/**
 * Database spans. postgres.js has no OpenTelemetry instrumentation, so drizzle's postgres-js session is
 * wrapped: one CLIENT span per query (`SELECT projects`, with operation and table; never the query's
 * parameters) and one per transaction, the queries inside it its children. Only when tracing is
 * configured (otherwise nothing is patched), and only inside a trace (background sweeps make no roots).
 */
type Fn = (...args: unknown[]) => Promise<unknown>;
interface QueryProto {
  execute: Fn;
  all: Fn;
}
interface SessionProto {
  transaction: Fn;
}

const OPERATION = /^\s*(?:with\s[\s\S]*?\)\s*)?(\w+)/i;
const TABLE = /\b(?:from|into|update|join)\s+"?(?:\w+"?\."?)?(\w+)"?/i;

/** `SELECT projects`: the operation and the first table the query names. */
export function summarize(query: string): { operation: string; table: string | undefined } {
  const operation = (OPERATION.exec(query)?.[1] ?? 'QUERY').toUpperCase();
  return { operation, table: TABLE.exec(query)?.[1] };
}

const DB = { 'db.system.name': 'postgresql', 'db.system': 'postgresql' } as const;

function traced(original: Fn, queryOf: (self: unknown) => string): Fn {
  return function tracedQuery(this: unknown, ...args: unknown[]) {
    if (!tracingEnabled() || !currentTraceparent()) return original.apply(this, args);
    const { operation, table } = summarize(queryOf(this));
    const span = startSpan(table ? `${operation} ${table}` : operation, {
      kind: 'client',
      attributes: { ...DB, 'db.operation.name': operation, 'db.collection.name': table },
    });
    return original.apply(this, args).then(
      (result) => {
        span.end();
        return result;
      },
      (err: unknown) => {
        span.fail(err);
        span.end();
        throw err;
      },
    );
  };
}

let patched = false;

export function traceDrizzle(query: object, session: object): void {
  if (patched || !tracingConfigured()) return;
  patched = true;
  const q = query as QueryProto;
  const queryString = (self: unknown) => String((self as { queryString?: string }).queryString ?? '');
  q.execute = traced(q.execute, queryString);
  q.all = traced(q.all, queryString);
  const s = session as SessionProto;
  const transaction = s.transaction;
  s.transaction = function tracedTransaction(this: unknown, ...args: unknown[]) {
    if (!tracingEnabled() || !currentTraceparent()) return transaction.apply(this, args);
    const span = startSpan('transaction', { kind: 'client', attributes: { ...DB } });
    return runWithLogContext({ traceparent: span.traceparent, traceId: span.traceId }, () =>
      transaction.apply(this, args),
    ).then(
      (result) => {
        span.end();
        return result;
      },
      (err: unknown) => {
        span.fail(err);
        span.end();
        throw err;
      },
    );
  };
}
