import { currentLogContext, runWithLogContext } from '../log';
import { parseTraceparent } from '../trace';

/**
 * Tracing facade. The current span is the `traceparent` of the log context (one AsyncLocalStorage for
 * logs and traces, so every log line names the span it was written in). Without an OTLP endpoint no
 * recorder is loaded: `startSpan` hands back its parent unchanged and costs nothing. With one,
 * `initTracing()` imports the OpenTelemetry SDK (a chunk of its own) and spans are recorded and exported.
 */
export type SpanKind = 'internal' | 'server' | 'client' | 'producer' | 'consumer';
export type Attributes = Record<string, string | number | boolean | undefined>;

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent's traceparent; `null` starts a new trace; left out: the current span. */
  parent?: string | null | undefined;
  /** Spans this one is linked to (traceparents; missing ones are skipped). */
  links?: Array<string | null | undefined>;
}

export interface Span {
  /** The span's own context (recorded spans), or the parent's unchanged (no recorder). */
  readonly traceparent: string | undefined;
  readonly traceId: string | undefined;
  setAttributes(attributes: Attributes): void;
  updateName(name: string): void;
  /** Marks the span failed; records the error's name and code, never its message (it may hold data). */
  fail(err?: unknown): void;
  end(): void;
}

export interface Recorder {
  start(name: string, options: SpanOptions & { parent: string | null | undefined }): Span;
  shutdown(): Promise<void>;
}

let recorder: Recorder | undefined;

/** True once spans are recorded (an OTLP endpoint is configured and the SDK is loaded). */
export const tracingEnabled = (): boolean => recorder !== undefined;

/** Whether the standard OpenTelemetry environment asks for trace export over OTLP. */
// biome-ignore lint/style/noProcessEnv: the standard OTEL_* variables, read by the OpenTelemetry SDK itself too
export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === 'true') return false;
  if (env.OTEL_TRACES_EXPORTER && env.OTEL_TRACES_EXPORTER !== 'otlp') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
}

/** Loads the SDK and starts exporting, when configured; otherwise does nothing (and imports nothing). */
export async function initTracing(options: { serviceName: string; version?: string }): Promise<void> {
  if (recorder || !tracingConfigured()) return;
  const { createRecorder } = await import('./otel');
  recorder = createRecorder(options);
}

/** Flushes pending spans and stops the exporter (SIGTERM). */
export async function shutdownTracing(): Promise<void> {
  const r = recorder;
  recorder = undefined;
  await r?.shutdown().catch(() => {});
}

/** Installs a recorder directly (tests). */
export function setRecorder(r: Recorder | undefined): void {
  recorder = r;
}

export const currentTraceparent = (): string | undefined => currentLogContext().traceparent;

function passThrough(parent: string | null | undefined): Span {
  const traceparent = parent ?? undefined;
  return {
    traceparent,
    traceId: parseTraceparent(traceparent)?.traceId,
    setAttributes() {},
    updateName() {},
    fail() {},
    end() {},
  };
}

/** Starts a span (child of the current one unless `parent` says otherwise). End it yourself. */
export function startSpan(name: string, options: SpanOptions = {}): Span {
  const parent = options.parent === undefined ? currentTraceparent() : options.parent;
  if (!recorder) return passThrough(parent);
  return recorder.start(name, { ...options, parent });
}

/** Runs `fn` inside a new span (current for everything `fn` does, logs included), ended when `fn` settles. */
export async function withSpan<T>(
  name: string,
  options: SpanOptions,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  if (!recorder) return fn(passThrough(currentTraceparent()));
  const span = startSpan(name, options);
  return runWithLogContext({ traceparent: span.traceparent, traceId: span.traceId }, async () => {
    try {
      return await fn(span);
    } catch (err) {
      span.fail(err);
      throw err;
    } finally {
      span.end();
    }
  });
}

/** Runs `fn` with no current span: what it does (e.g. exporting spans) is not traced. */
export const untraced = <T>(fn: () => T): T =>
  runWithLogContext({ traceparent: undefined, traceId: undefined }, fn);
