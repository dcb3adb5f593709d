import { randomBytes } from 'node:crypto';

/** W3C Trace Context: version-traceid-parentid-flags. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export interface TraceContext {
  traceId: string;
  spanId: string;
  traceparent: string;
}

export function parseTraceparent(value: string | null | undefined): TraceContext | undefined {
  const m = value ? TRACEPARENT.exec(value.trim()) : null;
  if (!m || /^0+$/.test(m[1]!) || /^0+$/.test(m[2]!)) return undefined;
  return { traceId: m[1]!, spanId: m[2]!, traceparent: value!.trim() };
}

/** Continues the caller's trace with a new span, or starts a new trace. */
export function childTrace(parent?: string | null): TraceContext {
  const parsed = parseTraceparent(parent);
  const traceId = parsed?.traceId ?? randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  const flags = parsed ? parent!.trim().slice(-2) : '01';
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-${flags}` };
}
