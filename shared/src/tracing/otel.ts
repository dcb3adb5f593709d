// Loaded by initTracing() only when an OTLP endpoint is configured: the SDK never weighs on a cold start
// of a function that does not export traces.
import {
  type Attributes as OtelAttributes,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { parseTraceparent } from '../trace';
import { installHttpClientSpans } from './http-client';
import { type Attributes, type Recorder, type Span, untraced } from './index';

const KINDS = {
  internal: SpanKind.INTERNAL,
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
} as const;

const clean = (a: Attributes | undefined): OtelAttributes | undefined => {
  if (!a) return undefined;
  const out: OtelAttributes = {};
  for (const [k, v] of Object.entries(a)) if (v !== undefined) out[k] = v;
  return out;
};

function spanContextOf(traceparent: string | null | undefined) {
  const parsed = parseTraceparent(traceparent);
  if (!parsed) return undefined;
  const flags = Number.parseInt(parsed.traceparent.slice(-2), 16) & 1;
  return { traceId: parsed.traceId, spanId: parsed.spanId, traceFlags: flags, isRemote: true };
}

/** Exports outside any trace, so the exporter's own HTTP requests never become spans. */
function untracedExporter(inner: SpanExporter): SpanExporter {
  return {
    export: (spans: ReadableSpan[], done) => untraced(() => inner.export(spans, done)),
    shutdown: () => untraced(() => inner.shutdown()),
    forceFlush: () => untraced(() => inner.forceFlush?.() ?? Promise.resolve()),
  };
}

export function createRecorder(options: { serviceName: string; version?: string }): Recorder {
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the function's name, as everywhere in OTel.
  const detected = envDetector.detect().attributes ?? {};
  const resource = resourceFromAttributes({
    // biome-ignore lint/style/noProcessEnv: a standard OTEL_* variable, read where the SDK reads the others
    'service.name': process.env.OTEL_SERVICE_NAME || options.serviceName,
    ...(options.version ? { 'service.version': options.version } : {}),
    'faas.name': options.serviceName,
  }).merge(resourceFromAttributes(detected));
  // The exporter reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, _HEADERS and _TIMEOUT; the batch processor
  // OTEL_BSP_*; the provider OTEL_TRACES_SAMPLER (parent-based always-on by default).
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(untracedExporter(new OTLPTraceExporter()))],
  });
  const tracer = provider.getTracer('@atelier/shared');
  const uninstall = installHttpClientSpans();

  return {
    start(name, { kind = 'internal', attributes, parent, links }): Span {
      const parentContext = spanContextOf(parent);
      const ctx = parentContext ? trace.setSpanContext(ROOT_CONTEXT, parentContext) : ROOT_CONTEXT;
      const linked = (links ?? []).flatMap((l) => {
        const context = spanContextOf(l);
        return context ? [{ context }] : [];
      });
      const span = tracer.startSpan(
        name,
        { kind: KINDS[kind], attributes: clean(attributes), links: linked },
        ctx,
      );
      const sc = span.spanContext();
      return {
        traceparent: `00-${sc.traceId}-${sc.spanId}-0${sc.traceFlags & 1}`,
        traceId: sc.traceId,
        setAttributes: (a) => {
          const c = clean(a);
          if (c) span.setAttributes(c);
        },
        updateName: (n) => span.updateName(n),
        fail: (err) => {
          const e = err as { name?: string; code?: string } | undefined;
          span.setAttribute('error.type', String(e?.code ?? e?.name ?? 'error'));
          span.setStatus({ code: SpanStatusCode.ERROR });
        },
        end: () => span.end(),
      };
    },
    async shutdown() {
      uninstall();
      await provider.shutdown();
    },
  };
}
