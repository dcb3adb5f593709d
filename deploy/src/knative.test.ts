import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENTS_PATH } from '@atelier/shared/events/consumer';
import type { FunctionSpec } from '@atelier/shared/stack/load';
import { describe, expect, it } from 'vitest';
import { generateKnative, type K8sObject, KNATIVE_FILES, MAX_TIMEOUT_SECONDS, SECRETS_DIR } from './knative';
import { isoDuration, triggerName } from './names';
import { renderAll, repoRoot } from './render';
import { crds, realSpecs, sampleSpecs } from './test-stack';

const validator = crds();
const all = (files: Record<string, K8sObject[]>) => Object.values(files).flat();
const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
// biome-ignore lint/suspicious/noExplicitAny: reading into generated manifests
const spec = (o: K8sObject): any => o.spec;
const functionServices = (objects: K8sObject[], specs: FunctionSpec[]) =>
  ofKind(objects, 'Service').filter((s) => specs.some((f) => f.name === s.metadata.name));

const stacks = { 'stack.yml': realSpecs(), 'a sample stack': sampleSpecs() };

describe.each(Object.entries(stacks))('Knative manifests from %s', (_, specs) => {
  const files = generateKnative(specs);
  const objects = all(files);

  it('validate against the CRD schemas', () => {
    expect(objects.length).toBeGreaterThan(0);
    expect(objects.flatMap((o) => validator.validate(o))).toEqual([]);
  });

  it('put autoscaling annotations on the revision template, never on the Service', () => {
    for (const svc of ofKind(objects, 'Service')) {
      const own = Object.keys(svc.metadata.annotations ?? {});
      expect(
        own.filter((k) => k.startsWith('autoscaling.knative.dev/')),
        svc.metadata.name,
      ).toEqual([]);
      const template = spec(svc).template.metadata.annotations;
      expect(template['autoscaling.knative.dev/min-scale'], svc.metadata.name).toMatch(/^[0-9]+$/);
      expect(template['autoscaling.knative.dev/max-scale'], svc.metadata.name).toMatch(/^[1-9][0-9]*$/);
    }
  });

  it('scale to zero unless long-running or holding a GPU, and never above max-scale', () => {
    for (const s of specs) {
      const svc = functionServices(objects, specs).find((o) => o.metadata.name === s.name)!;
      const a = spec(svc).template.metadata.annotations;
      const warm = s.longRunning || s.raw.limits?.['nvidia.com/gpu'] !== undefined;
      expect(a['autoscaling.knative.dev/min-scale'], s.name).toBe(
        String(warm ? Math.max(1, s.minScale) : s.minScale),
      );
      expect(a['autoscaling.knative.dev/max-scale'], s.name).toBe(String(s.maxScale));
      expect(a['autoscaling.knative.dev/target'], s.name).toBe(String(s.concurrency));
      expect(spec(svc).template.spec.containerConcurrency, s.name).toBe(s.concurrency);
    }
  });

  it('keep timeouts within what Knative accepts', () => {
    for (const svc of ofKind(objects, 'Service')) {
      const t = spec(svc).template.spec.timeoutSeconds;
      if (t !== undefined) expect(t).toBeLessThanOrEqual(MAX_TIMEOUT_SECONDS);
    }
  });

  it('mount each secret read-only at /var/openfaas/secrets/<name>, as OpenFaaS does', () => {
    for (const s of specs) {
      const svc = functionServices(objects, specs).find((o) => o.metadata.name === s.name)!;
      const pod = spec(svc).template.spec;
      const files: string[] = [];
      for (const mount of pod.containers[0].volumeMounts ?? []) {
        const volume = pod.volumes.find((v: { name: string }) => v.name === mount.name);
        for (const source of volume.projected?.sources ?? []) {
          expect(mount.readOnly).toBe(true);
          for (const item of source.secret.items) {
            expect(item.key).toBe(source.secret.name);
            files.push(`${mount.mountPath}/${item.path}`);
          }
        }
      }
      expect(files.sort(), s.name).toEqual(s.secrets.map((n) => `${SECRETS_DIR}/${n}`).sort());
    }
  });

  it('subscribe each function to each of its types with one Trigger, exact filter and full delivery', () => {
    const triggers = ofKind(objects, 'Trigger');
    const expected = specs.flatMap((s) => s.topics.map((t) => `${s.name} ${t}`)).sort();
    const actual = triggers
      .map((t) => `${spec(t).subscriber.ref.name} ${spec(t).filter.attributes.type}`)
      .sort();
    expect(actual).toEqual(expected);
    expect(new Set(triggers.map((t) => t.metadata.name)).size).toBe(triggers.length);
    for (const t of triggers) {
      const s = specs.find((f) => f.name === spec(t).subscriber.ref.name)!;
      expect(t.metadata.name.length).toBeLessThanOrEqual(63);
      expect(Object.keys(spec(t).filter.attributes)).toEqual(['type']);
      expect(spec(t).filters).toBeUndefined(); // the RabbitMQ broker ignores the new filter dialects
      expect(spec(t).subscriber.uri).toBe(EVENTS_PATH);
      expect(spec(t).delivery).toMatchObject({
        retry: s.retry,
        backoffPolicy: 'exponential',
        backoffDelay: isoDuration(s.retryBackoffMs),
        deadLetterSink: { ref: { kind: 'Service' } },
      });
      expect(spec(t).delivery.timeout).toMatch(/^PT[0-9.]+S$/);
      expect(t.metadata.annotations?.['rabbitmq.eventing.knative.dev/parallelism']).toBe(String(s.prefetch));
    }
  });

  it('send dead letters to a Service that is generated too', () => {
    const sinks = [ofKind(objects, 'Broker')[0]!, ...ofKind(objects, 'Trigger')].map(
      (o) => spec(o).delivery.deadLetterSink.ref.name,
    );
    const services = ofKind(objects, 'Service').map((s) => s.metadata.name);
    for (const name of sinks) expect(services).toContain(name);
  });

  it('wake each scheduled function with a PingSource on its events path', () => {
    const sources = files[KNATIVE_FILES.sources]!;
    expect(sources.map((p) => p.metadata.name).sort()).toEqual(
      specs
        .filter((s) => s.schedule !== undefined)
        .map((s) => s.name)
        .sort(),
    );
    for (const p of sources) {
      expect(spec(p)).toMatchObject({
        timezone: 'UTC',
        sink: { ref: { name: p.metadata.name }, uri: EVENTS_PATH },
      });
    }
  });
});

describe('the sample stack', () => {
  const objects = all(generateKnative(sampleSpecs()));
  it('caps a 15 minute timeout at 600 s and keeps the GPU limit', () => {
    const generate = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'generate')!;
    expect(spec(generate).template.spec.timeoutSeconds).toBe(600);
    const gpu = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'gpu-pool')!;
    expect(spec(gpu).template.spec.containers[0].resources.limits['nvidia.com/gpu']).toBe('1');
  });
  it('shortens a long trigger name with a hash and keeps it unique', () => {
    const type = 'dev.atelier.generation.cancelled_because_the_user_changed_their_mind.v1';
    expect(triggerName('generate', type)).toMatch(
      /^generate--dev-atelier-generation-cancelled-.*-[0-9a-f]{8}$/,
    );
    expect(triggerName('generate', type)).toHaveLength(63);
    expect(triggerName('generat', type)).not.toBe(triggerName('generate', type));
    expect(isoDuration(500)).toBe('PT0.5S');
  });
});

describe('the CRD validator', () => {
  const objects = all(generateKnative(realSpecs()));
  const trigger = objects.find((o) => o.kind === 'Trigger')!;
  const service = objects.find((o) => o.kind === 'Service')!;

  it('knows every kind the generators emit', () => {
    expect(validator.kinds()).toEqual(
      expect.arrayContaining([
        'serving.knative.dev/v1/Service',
        'eventing.knative.dev/v1/Broker',
        'eventing.knative.dev/v1/Trigger',
        'eventing.knative.dev/v1alpha1/RabbitmqBrokerConfig',
        'sources.knative.dev/v1/PingSource',
        'openfaas.com/v1/Function',
      ]),
    );
  });

  it('rejects a Trigger whose broker is a number', () => {
    const bad = structuredClone(trigger);
    spec(bad).broker = 5;
    expect(validator.validate(bad).join('\n')).toMatch(/\/spec\/broker must be string/);
  });

  it('rejects a Service whose containerConcurrency is not a number, or with a misspelt field', () => {
    const bad = structuredClone(service);
    spec(bad).template.spec.containerConcurrency = 'abc';
    spec(bad).template.spec.containers[0].readinesProbe = { httpGet: { path: '/' } };
    const problems = validator.validate(bad).join('\n');
    expect(problems).toMatch(/containerConcurrency must be integer/);
    expect(problems).toMatch(/must NOT have additional properties \(readinesProbe\)/);
  });

  it('rejects an invalid name and a kind it has no schema for', () => {
    expect(validator.validate({ ...service, metadata: { name: 'Not_A_Name' } }).join()).toMatch(
      /metadata\/name/,
    );
    expect(validator.validate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })).toEqual([
      'ConfigMap/x: no CRD schema for v1 ConfigMap',
    ]);
  });
});

describe('the committed knative/ and openfaas/ files', () => {
  it('are what npm run gen:knative generates from stack.yml now', () => {
    for (const [path, text] of Object.entries(renderAll())) {
      const abs = join(repoRoot, path);
      const onDisk = existsSync(abs) ? readFileSync(abs, 'utf8') : '(missing)';
      expect(onDisk, `${path} is stale: run npm run gen:knative`).toBe(text);
    }
  });
});
