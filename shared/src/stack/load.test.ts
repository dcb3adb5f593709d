import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventTypes } from '../events/catalog';
import { durationMs, functionSpecs, parseStack, quantity, StackError } from './load';

const good = `
version: 1.0
provider: { name: openfaas, gateway: "\${GW:-http://127.0.0.1:8080}" }
functions:
  status:
    lang: atelier-node20
    handler: ./functions/status
    image: example/status:1
    labels: { com.openfaas.scale.min: "0", com.openfaas.scale.zero-duration: 2m }
    annotations: { atelier.dev/route: /v1/status }
  audit:
    lang: atelier-node20
    handler: ./functions/audit
    image: example/audit:1
    secrets: [ops-token]
    annotations:
      topic: dev.atelier.ops.probe.requested.v1,cron-function
      schedule: "*/5 * * * *"
      atelier.dev/retry: "3"
      atelier.dev/retry-backoff: 250ms
`;

/** Applies `edit` to the good file's text and returns the problems the parser reports. */
function problems(edit: (text: string) => string): string[] {
  try {
    parseStack(edit(good), { knownEventTypes: eventTypes() });
  } catch (err) {
    if (err instanceof StackError) return err.problems;
    throw err;
  }
  return [];
}

describe('stack.yml validation', () => {
  it('accepts a good file and derives each function with defaults', () => {
    const stack = parseStack(good, { env: { GW: 'http://gw:8080' }, knownEventTypes: eventTypes() });
    expect(stack.provider.gateway).toBe('http://gw:8080');
    const [status, audit] = functionSpecs(stack);
    expect(status).toMatchObject({
      name: 'status',
      routes: ['/v1/status'],
      minScale: 0,
      idleMs: 120_000,
      retry: 5,
      longRunning: false,
    });
    expect(audit).toMatchObject({
      topics: ['dev.atelier.ops.probe.requested.v1'],
      schedule: '*/5 * * * *',
      retry: 3,
      retryBackoffMs: 250,
    });
  });

  it('accepts the repository stack.yml', () => {
    const text = readFileSync(new URL('../../../stack.yml', import.meta.url), 'utf8');
    expect(() => parseStack(text, { knownEventTypes: eventTypes() })).not.toThrow();
  });

  it('subscribes audit to every catalogued event type, listed (the broker matches exact types only)', () => {
    const text = readFileSync(new URL('../../../stack.yml', import.meta.url), 'utf8');
    const audit = functionSpecs(parseStack(text)).find((s) => s.name === 'audit')!;
    expect([...audit.topics].sort()).toEqual(eventTypes().sort());
  });

  it.each([
    ['a wrong provider', (t: string) => t.replace('name: openfaas', 'name: faas'), 'field "provider.name"'],
    ['a wrong version', (t: string) => t.replace('version: 1.0', 'version: 2.0'), 'field "version"'],
    [
      'a misspelt key',
      (t: string) => t.replace('    secrets:', '    read_only_root_filesystem: true\n    secrets:'),
      'function "audit": Unrecognized key: "read_only_root_filesystem"',
    ],
    [
      'a missing image',
      (t: string) => t.replace('    image: example/status:1\n', ''),
      'function "status", field "image"',
    ],
    [
      'a function name that is not a DNS label',
      (t: string) => t.replace('  status:', '  Status_Fn:'),
      'function names must be DNS labels',
    ],
    [
      'a non-numeric scale',
      (t: string) => t.replace('scale.min: "0"', 'scale.min: "many"'),
      'function "status", field "labels.com.openfaas.scale.min"',
    ],
    [
      'min above max',
      (t: string) => t.replace('scale.min: "0"', 'scale.min: "9", com.openfaas.scale.max: "2"'),
      'must not exceed com.openfaas.scale.max',
    ],
    [
      'a bad duration',
      (t: string) => t.replace('zero-duration: 2m', 'zero-duration: soon'),
      'function "status", field "labels.com.openfaas.scale.zero-duration"',
    ],
    [
      'a bad route',
      (t: string) => t.replace('route: /v1/status', 'route: v1/status'),
      'function "status", field "annotations.atelier.dev/route"',
    ],
    [
      'a bad retry count',
      (t: string) => t.replace('retry: "3"', 'retry: "-1"'),
      'function "audit", field "annotations.atelier.dev/retry"',
    ],
    [
      'an event type not in the catalogue',
      (t: string) => t.replace('dev.atelier.ops.probe.requested.v1', 'dev.atelier.nope.v1'),
      'function "audit", field "annotations.topic": dev.atelier.nope.v1 is not in the event catalogue',
    ],
    [
      'a topic listed twice',
      (t: string) =>
        t.replace(
          'topic: dev.atelier.ops.probe.requested.v1',
          'topic: dev.atelier.ops.probe.requested.v1,dev.atelier.ops.probe.requested.v1',
        ),
      'function "audit", field "annotations.topic": dev.atelier.ops.probe.requested.v1 listed twice',
    ],
    [
      'a cron trigger without a schedule',
      (t: string) => t.replace('      schedule: "*/5 * * * *"\n', ''),
      'function "audit", field "annotations.schedule": is required',
    ],
    [
      'a bad schedule',
      (t: string) => t.replace('*/5 * * * *', 'every five minutes'),
      'function "audit", field "annotations.schedule"',
    ],
    [
      'a route claimed twice',
      (t: string) => t.replace('      topic:', '      atelier.dev/route: /v1/status\n      topic:'),
      'is already routed to "status"',
    ],
    [
      'bad resources',
      (t: string) => t.replace('    secrets:', '    limits: { memory: lots }\n    secrets:'),
      'function "audit", field "limits.memory"',
    ],
    ['not YAML', () => 'functions: [', 'not valid YAML'],
  ])('refuses %s, naming the function and field', (_name, edit, expected) => {
    const found = problems(edit);
    expect(found.join('\n')).toContain(expected);
  });

  it('reports every problem at once', () => {
    const found = problems((t) =>
      t.replace('name: openfaas', 'name: faas').replace('scale.min: "0"', 'scale.min: "x"'),
    );
    expect(found).toHaveLength(2);
  });

  it('reads Go durations and Kubernetes quantities', () => {
    expect(durationMs('1h30m')).toBe(5_400_000);
    expect(durationMs('500ms')).toBe(500);
    expect(quantity('1Mi')).toBe(1_048_576);
    expect(quantity('100m')).toBeCloseTo(0.1);
  });
});
