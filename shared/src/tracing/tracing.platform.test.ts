import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { outbox } from '@atelier/shared/db/schema';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newProject } from '../../../runner/src/test-support/creative';
import { generate, waitFor, withoutAiProviders } from '../../../runner/src/test-support/generation';
import { eventually, type TestPlatform } from '../../../runner/src/test-support/platform';
import { newUser, startIdentityPlatform } from '../../../runner/src/test-support/users';

/** OTLP span kinds (opentelemetry-proto `Span.SpanKind`). */
const KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  links: Array<{ traceId: string; spanId: string }>;
  attributes: Record<string, unknown>;
}

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean };
type OtlpAttribute = { key: string; value: OtlpValue };
interface OtlpJson {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: Array<{
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        links?: Array<{ traceId: string; spanId: string }>;
        attributes?: OtlpAttribute[];
      }>;
    }>;
  }>;
}

/** OTLP/JSON ids are hex; tolerate base64 (the protobuf JSON mapping) as well. */
const hex = (id: string | undefined) =>
  !id ? '' : /^[0-9a-f]+$/i.test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex');
const attrs = (list: OtlpAttribute[] = []) =>
  Object.fromEntries(list.map((a) => [a.key, a.value.stringValue ?? a.value.intValue ?? a.value.boolValue]));

/** An OTLP/HTTP trace receiver (JSON encoding, what @opentelemetry/exporter-trace-otlp-http sends). */
async function startOtlpReceiver() {
  const spans: ExportedSpan[] = [];
  const contentTypes = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      contentTypes.add(String(req.headers['content-type']));
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpJson;
        for (const rs of body.resourceSpans ?? []) {
          const service = String(attrs(rs.resource?.attributes)['service.name']);
          for (const ss of rs.scopeSpans ?? [])
            for (const s of ss.spans ?? [])
              spans.push({
                service,
                traceId: hex(s.traceId),
                spanId: hex(s.spanId),
                parentSpanId: hex(s.parentSpanId),
                name: s.name,
                kind: s.kind,
                links: (s.links ?? []).map((l) => ({ traceId: hex(l.traceId), spanId: hex(l.spanId) })),
                attributes: attrs(s.attributes),
              });
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    contentTypes,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('OpenTelemetry traces', () => {
  let p: TestPlatform;
  let otlp: Awaited<ReturnType<typeof startOtlpReceiver>>;
  beforeAll(async () => {
    otlp = await startOtlpReceiver();
    p = await startIdentityPlatform({
      ...withoutAiProviders(),
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
  }, 120_000);
  afterAll(async () => {
    await p?.stop();
    await otlp?.stop();
  });

  it('one generation is one connected trace across generations, generation-worker and the consumers', {
    timeout: 120_000,
  }, async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const accepted = await generate(p, user, {
      projectId,
      prompt: 'A lighthouse at dawn',
      style: 'watercolour',
    });
    await waitFor(p, user, accepted.id, ['awaiting_selection']);

    // The request's SERVER span, named after its route template, is the trace's root.
    const root = await eventually(
      async () =>
        otlp.spans.find(
          (s) => s.service === 'generations' && s.kind === KIND.server && s.name === 'POST /v1/generations',
        ),
      30_000,
    );
    expect(root.parentSpanId).toBe('');
    expect(root.attributes).toMatchObject({
      'http.route': '/v1/generations',
      'http.response.status_code': 202,
    });

    // Spans arrive in batches from several processes: wait until the trace is whole (no span's parent
    // missing) and reaches the generation's consumers.
    const trace = await eventually(
      async () => {
        const spans = otlp.spans.filter((s) => s.traceId === root.traceId);
        const ids = new Set(spans.map((s) => s.spanId));
        const orphans = spans.filter((s) => s !== root && !ids.has(s.parentSpanId));
        const consumers = spans.filter((s) => s.kind === KIND.consumer);
        // A delivery's SERVER span is no span's parent (only linked): wait for those too.
        const linked = consumers.every((s) => s.links.every((l) => ids.has(l.spanId)));
        const services = new Set(consumers.map((s) => s.service));
        return (
          orphans.length === 0 && linked && services.has('generation-worker') && services.size >= 2 && spans
        );
      },
      60_000,
      200,
    );

    // One root; every other span's parent is in the trace.
    const ids = new Set(trace.map((s) => s.spanId));
    expect(trace.filter((s) => !s.parentSpanId)).toEqual([root]);
    expect(trace.filter((s) => s !== root && !ids.has(s.parentSpanId))).toEqual([]);
    const services = new Set(trace.map((s) => s.service));
    expect(services.has('generations')).toBe(true);
    expect(services.has('generation-worker')).toBe(true);
    expect(services.size).toBeGreaterThanOrEqual(3);
    const kinds = new Set(trace.map((s) => s.kind));
    for (const k of [KIND.server, KIND.client, KIND.producer, KIND.consumer]) expect(kinds).toContain(k);

    const byId = new Map(trace.map((s) => [s.spanId, s]));
    // Database spans (CLIENT) under the request, e.g. the generation's insert.
    expect(
      trace.some(
        (s) =>
          s.service === 'generations' &&
          s.kind === KIND.client &&
          s.attributes['db.system.name'] === 'postgresql' &&
          s.name.startsWith('INSERT'),
      ),
    ).toBe(true);

    // The event: a PRODUCER span in generations whose context the outbox row stores; the worker's
    // CONSUMER span is its child and links to the delivery's SERVER span (POST /_/events).
    const created = trace.find(
      (s) =>
        s.service === 'generations' &&
        s.kind === KIND.producer &&
        s.name === 'create dev.atelier.generation.requested.v1',
    );
    expect(created).toBeDefined();
    const [row] = await p.db.db
      .select({ traceparent: outbox.traceparent })
      .from(outbox)
      .where(sql`${outbox.id} = ${created!.attributes['messaging.message.id']}`);
    expect(row?.traceparent).toBe(`00-${root.traceId}-${created!.spanId}-01`);
    const processed = trace.find(
      (s) =>
        s.service === 'generation-worker' && s.kind === KIND.consumer && s.parentSpanId === created!.spanId,
    );
    expect(processed?.name).toBe('process dev.atelier.generation.requested.v1');
    const delivery = byId.get(processed!.links[0]?.spanId ?? '');
    expect(delivery).toMatchObject({
      service: 'generation-worker',
      kind: KIND.server,
      name: 'POST /_/events',
    });
    expect(delivery!.parentSpanId).toBe(created!.spanId);
    // The relay's publish (CLIENT, linked to the events it sends) under the request.
    expect(
      trace.some(
        (s) =>
          s.service === 'generations' &&
          s.name.startsWith('publish ') &&
          s.links.some((l) => l.spanId === created!.spanId),
      ),
    ).toBe(true);
    // The worker's own work (its queries, the events it emits) hangs under its consumer span.
    const underWorker = (s: (typeof trace)[number]) => {
      for (let at: typeof s | undefined = s; at; at = byId.get(at.parentSpanId))
        if (at === processed) return true;
      return false;
    };
    expect(
      trace.some((s) => s.service === 'generation-worker' && s.kind === KIND.producer && underWorker(s)),
    ).toBe(true);
    expect(otlp.contentTypes).toContain('application/json');
  });
});
