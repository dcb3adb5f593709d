import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './render';

/**
 * compose.yaml and the CI workflow, validated against their published JSON Schemas (verbatim copies in
 * deploy/schemas, so a fresh clone needs nothing beside the repository) and checked for what the
 * platform needs of them.
 */
const schemasDir = join(repoRoot, 'deploy', 'schemas');
/** A GitHub Actions expression as the workflow spells it: `${{ … }}`. */
const expr = (inner: string) => `\${{ ${inner} }}`;
const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

function validator(schemaFile: string) {
  const schema = JSON.parse(readFileSync(join(schemasDir, schemaFile), 'utf8')) as Record<string, unknown>;
  // Both are draft-07; ajv knows that meta-schema under its own URI. Formats are not checked.
  delete schema.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false });
  const validate = ajv.compile(schema);
  return (doc: unknown) =>
    validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

interface ComposeService {
  image: string;
  ports?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  command?: string[];
}

describe('compose.yaml', () => {
  const compose = parse(read('compose.yaml')) as {
    services: Record<string, ComposeService>;
    volumes: Record<string, unknown>;
  };
  const svc = (name: string) => compose.services[name] as ComposeService;

  it('is valid against the Compose specification schema', () => {
    expect(validator('compose-spec.schema.json')(compose)).toEqual([]);
  });

  it('publishes the ports npm start expects, on the loopback interface only', () => {
    const published = Object.fromEntries(
      Object.entries(compose.services).map(([name, s]) => [name, s.ports ?? []]),
    );
    expect(published).toMatchObject({
      postgres: ['127.0.0.1:5432:5432'],
      redis: ['127.0.0.1:6379:6379'],
      rabbitmq: expect.arrayContaining(['127.0.0.1:5672:5672', '127.0.0.1:15672:15672']),
      minio: expect.arrayContaining(['127.0.0.1:9000:9000']),
    });
    for (const ports of Object.values(published)) for (const p of ports) expect(p).toMatch(/^127\.0\.0\.1:/);
  });

  it("matches the platform's connection defaults: a passwordless postgres, RabbitMQ with management", () => {
    expect(svc('postgres').environment?.POSTGRES_HOST_AUTH_METHOD).toBe('trust');
    expect(svc('rabbitmq').image).toMatch(/^rabbitmq:[\d.]+-management/);
  });

  it('pins every image to a version, checks the health of every long-running service, keeps data in volumes', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      expect(s.image, name).toMatch(/:(\d|RELEASE\.)/);
      expect(s.image, name).not.toMatch(/:latest$/);
    }
    for (const name of ['postgres', 'redis', 'rabbitmq', 'minio']) {
      expect(svc(name).healthcheck?.test.length, name).toBeGreaterThan(0);
      const mounts = (svc(name).volumes ?? []).map((v) => v.split(':')[0] ?? '');
      expect(mounts.length, name).toBeGreaterThan(0);
      for (const m of mounts) expect(Object.keys(compose.volumes), name).toContain(m);
    }
  });

  it("creates the bucket once MinIO is healthy, with MinIO's own credentials", () => {
    const bucket = svc('minio-bucket');
    expect(bucket.depends_on?.minio?.condition).toBe('service_healthy');
    const script = (bucket.command ?? []).join(' ');
    const env = svc('minio').environment ?? {};
    expect(script).toContain(`${env.MINIO_ROOT_USER} ${env.MINIO_ROOT_PASSWORD}`);
    expect(script).toMatch(/mc mb --ignore-existing local\/atelier\b/);
  });

  it('is explained in the README, with the environment that points npm start at MinIO', () => {
    const readme = read('README.md');
    const env = svc('minio').environment ?? {};
    expect(readme).toMatch(/## No local services\? Use compose\.yaml/);
    expect(readme).toContain('S3_ENDPOINT=http://127.0.0.1:9000');
    expect(readme).toContain(`S3_ACCESS_KEY_ID=${env.MINIO_ROOT_USER}`);
    expect(readme).toContain(`S3_SECRET_ACCESS_KEY=${env.MINIO_ROOT_PASSWORD}`);
  });
});

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  strategy?: { matrix: Record<string, unknown> };
  services?: Record<string, { image: string; ports: string[]; env?: Record<string, string> }>;
  steps: Step[];
}

describe('.github/workflows/ci.yml', () => {
  const workflow = parse(read('.github/workflows/ci.yml')) as {
    on: { push: { tags: string[] } };
    jobs: Record<string, Job>;
  };
  const job = (name: string) => workflow.jobs[name] as Job;
  const runs = (j: Job) => j.steps.flatMap((s) => (s.run ? [s.run] : []));

  it('is valid against the GitHub workflow schema', () => {
    expect(validator('github-workflow.schema.json')(workflow)).toEqual([]);
  });

  it('tests by running exactly what a fresh clone runs, bash .ci/run, on Node 20 and 22', () => {
    const test = job('test');
    expect(runs(test).map((r) => r.trim())).toContain('bash .ci/run');
    expect(test.strategy?.matrix.node).toEqual(['20', '22']);
    expect(test.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe(
      expr('matrix.node'),
    );
  });

  it('gives the tests PostgreSQL (trust), Redis and RabbitMQ on their default ports', () => {
    const services = job('test').services ?? {};
    expect(services.postgres?.env?.POSTGRES_HOST_AUTH_METHOD).toBe('trust');
    expect(services.postgres?.ports).toContain('5432:5432');
    expect(services.redis?.ports).toContain('6379:6379');
    expect(services.rabbitmq?.ports).toContain('5672:5672');
    // The same images as compose.yaml, so local and CI runs meet the same versions.
    const compose = parse(read('compose.yaml')) as { services: Record<string, { image: string }> };
    for (const name of ['postgres', 'redis', 'rabbitmq'])
      expect(services[name]?.image, name).toBe(compose.services[name]?.image);
  });

  it('on a v* tag, after the tests, pushes the images npm run images describes to ghcr.io', () => {
    expect(workflow.on.push.tags).toEqual(['v*']);
    const images = job('images');
    expect(images.if).toBe("startsWith(github.ref, 'refs/tags/v')");
    expect(images.needs).toBe('test');
    expect(images.permissions?.packages).toBe('write');
    const login = images.steps.find((s) => s.uses?.startsWith('docker/login-action@'));
    expect(login?.with).toMatchObject({ registry: 'ghcr.io', password: expr('secrets.GITHUB_TOKEN') });
    expect(runs(images).join('\n')).toMatch(/npm run --silent images -- --push > images\.sh/);
  });

  it('on a v* tag publishes the Knative manifests generated for that tag', () => {
    const manifests = job('manifests');
    expect(manifests.if).toBe("startsWith(github.ref, 'refs/tags/v')");
    expect(manifests.needs).toBe('test');
    const script = runs(manifests).join('\n');
    expect(script).toContain('npm run gen:knative');
    expect(script).toMatch(/gh release upload .*knative\/\*\.yaml/);
    const upload = manifests.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.path).toContain('knative/');
  });
});
