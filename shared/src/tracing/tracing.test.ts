import { afterEach, describe, expect, it } from 'vitest';
import { currentLogContext, runWithLogContext } from '../log';
import { summarize } from './db';
import {
  type Recorder,
  type SpanOptions,
  setRecorder,
  startSpan,
  tracingConfigured,
  withSpan,
} from './index';

const PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/** A recorder that hands out predictable span ids and remembers what it was asked. */
function fakeRecorder() {
  const started: Array<{ name: string; options: SpanOptions; traceparent: string; ended: boolean }> = [];
  const recorder: Recorder = {
    start(name, options) {
      const traceId = options.parent?.slice(3, 35) ?? 'f'.repeat(32);
      const traceparent = `00-${traceId}-${String(started.length + 1).padStart(16, '0')}-01`;
      const entry = { name, options, traceparent, ended: false };
      started.push(entry);
      return {
        traceparent,
        traceId,
        setAttributes() {},
        updateName(n) {
          entry.name = n;
        },
        fail() {},
        end() {
          entry.ended = true;
        },
      };
    },
    async shutdown() {},
  };
  return { recorder, started };
}

afterEach(() => setRecorder(undefined));

describe('tracing facade', () => {
  it('is configured by the standard OTLP variables only', () => {
    expect(tracingConfigured({})).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_SDK_DISABLED: 'true' })).toBe(
      false,
    );
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_TRACES_EXPORTER: 'none' })).toBe(
      false,
    );
  });

  it('without a recorder, spans are the current context unchanged (what logs and events carried before)', async () => {
    await runWithLogContext({ traceparent: PARENT }, async () => {
      expect(startSpan('x').traceparent).toBe(PARENT);
      expect(startSpan('x', { parent: null }).traceparent).toBeUndefined();
      await withSpan('y', {}, async (span) => {
        expect(span.traceparent).toBe(PARENT);
        expect(currentLogContext().traceparent).toBe(PARENT);
      });
    });
  });

  it('with a recorder, withSpan makes its span current (log context included) and ends it', async () => {
    const { recorder, started } = fakeRecorder();
    setRecorder(recorder);
    await runWithLogContext({ traceparent: PARENT }, async () => {
      await withSpan('outer', { kind: 'internal' }, async (outer) => {
        expect(currentLogContext().traceparent).toBe(outer.traceparent);
        expect(currentLogContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
        const inner = startSpan('inner', { kind: 'client' });
        inner.end();
      });
      await expect(
        withSpan('failing', {}, async () => {
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
    });
    expect(started.map((s) => [s.name, s.options.parent, s.ended])).toEqual([
      ['outer', PARENT, true],
      ['inner', started[0]!.traceparent, true],
      ['failing', PARENT, true],
    ]);
  });
});

describe('database span names', () => {
  it('name the operation and the first table, never values', () => {
    expect(summarize('select "id", "name" from "workbench"."projects" where "id" = $1')).toEqual({
      operation: 'SELECT',
      table: 'projects',
    });
    expect(summarize('insert into "ops"."outbox" ("id") values ($1)')).toEqual({
      operation: 'INSERT',
      table: 'outbox',
    });
    expect(summarize('update "generations" set "state" = $1')).toEqual({
      operation: 'UPDATE',
      table: 'generations',
    });
    expect(summarize('with x as (select 1) delete from "samples" where true')).toEqual({
      operation: 'DELETE',
      table: 'samples',
    });
  });
});
