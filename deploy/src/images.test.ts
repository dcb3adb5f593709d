import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { bundlePath } from '../../runner/src/build';
import {
  buildCommand,
  externalImports,
  FUNCTION_DOCKERFILE,
  GPU_POOL_DOCKERFILE,
  imageBuilds,
} from '../../scripts/images';
import { repoRoot } from './render';
import { realSpecs } from './test-stack';

/**
 * The image recipes, checked statically (no Docker engine here): pinned bases, a non-root user, the
 * watchdog's http mode and ready path, build arguments that match stack.yml, and `npm run images`.
 */
interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  body: Instruction[];
}

/** Instructions with continuation lines joined; global ARG defaults; the stages in order. */
function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const joined = text.replace(/\\\n/g, ' ');
  const lines = joined.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op = '', rest = ''] = /^\s*(\w+)\s+(.*)$/.exec(line) ?? [];
    const ins = { op: op.toUpperCase(), args: rest.trim() };
    if (ins.op === 'FROM') {
      const [, image = '', name] = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(ins.args) ?? [];
      stages.push({ from: image.replace(/^\$\{(\w+)\}$/, (_, k: string) => args[k] ?? k), name, body: [] });
    } else if (stages.length === 0 && ins.op === 'ARG') {
      const [k = '', v = ''] = ins.args.split('=');
      args[k] = v;
    } else stages.at(-1)?.body.push(ins);
  }
  return { args, stages };
}

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
const recipes: Record<string, string> = {
  [FUNCTION_DOCKERFILE]: read(FUNCTION_DOCKERFILE),
  [GPU_POOL_DOCKERFILE]: read(GPU_POOL_DOCKERFILE),
};
const lastStage = (file: string) => parseDockerfile(recipes[file] ?? '').stages.at(-1) as Stage;
/** ENV of a stage as a map (`ENV a=1 b="x y"`). */
const envOf = (stage: Stage) =>
  Object.fromEntries(
    stage.body
      .filter((i) => i.op === 'ENV')
      .flatMap((i) => [...i.args.matchAll(/(\w+)=("[^"]*"|\S+)/g)])
      .map((m) => [m[1], (m[2] ?? '').replace(/^"|"$/g, '')]),
  );
const template = parse(read('template/atelier-node20/template.yml')) as {
  language: string;
  fprocess: string;
};
const PINNED_DIGEST = /^[\w./-]+:\d+(\.\d+)+[\w.-]*@sha256:[0-9a-f]{64}$/;
const PINNED_VERSION = /^[\w./-]+:v?\d+\.\d+\.\d+[\w.-]*$/;

describe.each(Object.keys(recipes))('%s', (file) => {
  const { stages } = parseDockerfile(recipes[file] ?? '');
  const ship = lastStage(file);
  const env = envOf(ship);
  const own = new Set(stages.map((s) => s.name).filter(Boolean));

  it('pins every base image by exact version, and the Node.js and CUDA bases by digest too', () => {
    const external = stages.map((s) => s.from).filter((f) => !own.has(f));
    expect(external.length).toBeGreaterThan(1);
    for (const image of external) {
      expect(image, image).not.toMatch(/:latest\b/);
      expect(PINNED_DIGEST.test(image) || PINNED_VERSION.test(image), image).toBe(true);
      if (/^(node|nvidia\/cuda):/.test(image)) expect(image, image).toMatch(PINNED_DIGEST);
    }
    // A current Node.js LTS (22 or 24) wherever Node comes from.
    for (const image of external.filter((i) => i.startsWith('node:')))
      expect(image).toMatch(/^node:(22|24)\./);
  });

  it('runs the final stage as a numeric non-root user', () => {
    const users = ship.body.filter((i) => i.op === 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1) ?? '';
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(user.split(':')[0]).not.toBe('0');
  });

  it('puts of-watchdog in http mode in front of the function, with its readiness on /_/health', () => {
    expect(ship.body.some((i) => i.op === 'COPY' && i.args.includes('/fwatchdog'))).toBe(true);
    expect(ship.body.find((i) => i.op === 'CMD')?.args).toBe('["fwatchdog"]');
    expect(env.mode).toBe('http');
    expect(env.ready_path).toBe('/_/health');
    expect(env.upstream_url).toBe(`http://127.0.0.1:${env.http_port}`);
    expect(env.fprocess).toBe(template.fprocess);
    // Knative's PORT must not reach the function: the watchdog holds it.
    expect(env.fprocess).toMatch(/^env -u PORT node /);
    expect(env.exec_timeout).toMatch(/^\$\{TIMEOUT\}$/); // from stack.yml's atelier.dev/timeout
    expect(ship.body.some((i) => i.op === 'EXPOSE' && i.args === '8080')).toBe(true);
    expect(ship.body.find((i) => i.op === 'HEALTHCHECK')?.args).toMatch(/\/tmp\/\.lock/);
  });

  it('ships no dev dependencies: only the bundle and a production install of its externals', () => {
    expect(ship.body.filter((i) => i.op === 'RUN').map((i) => i.args)).not.toContainEqual(
      expect.stringMatching(/npm (ci|install)/),
    );
    const build = stages.find((s) => s.name === 'build') as Stage;
    const install = build.body.find((i) => i.op === 'RUN' && /cd \/out .*npm install/.test(i.args));
    expect(install?.args).toMatch(/--omit=dev/);
    expect(
      ship.body.filter((i) => i.op === 'COPY' && i.args.includes('--from=build')).map((i) => i.args),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/\/out\/ \/home\/app\/$/)]));
  });

  it('declares every build argument npm run images passes', () => {
    const declared = new Set(
      stages
        .flatMap((s) => s.body)
        .filter((i) => i.op === 'ARG')
        .map((i) => i.args.split('=')[0]),
    );
    const passed = imageBuilds(join(repoRoot, 'stack.yml')).filter((b) => b.dockerfile === file);
    expect(passed.length).toBeGreaterThan(0);
    for (const b of passed) expect([...declared]).toEqual(expect.arrayContaining(Object.keys(b.buildArgs)));
  });
});

describe('the gpu-pool image', () => {
  const text = recipes[GPU_POOL_DOCKERFILE] ?? '';
  it('runs on a CUDA 12 + cuDNN 9 runtime and installs onnxruntime-node with its CUDA provider', () => {
    expect(lastStage(GPU_POOL_DOCKERFILE).from).toMatch(/^nvidia\/cuda:12\.\d+\.\d+-cudnn-runtime-ubuntu/);
    expect(text).toMatch(/--onnxruntime-node-install=cuda12/);
    expect(text).toMatch(
      /test -f node_modules\/onnxruntime-node\/bin\/napi-v6\/linux\/x64\/libonnxruntime_providers_cuda\.so/,
    );
    // The default model repository travels with it, where gpu-pool/src/repository/load.ts finds it.
    expect(text).toMatch(/node_modules\/@atelier\/gpu-pool/);
  });
});

describe('images for stack.yml', () => {
  const specs = realSpecs();
  const builds = imageBuilds(join(repoRoot, 'stack.yml'));

  it('every function uses the atelier-node20 template, whose template.yml faas-cli reads', () => {
    expect(template.language).toBe('atelier-node20');
    for (const s of specs) expect(s.raw.lang, s.name).toBe(template.language);
  });

  it('take their build arguments and tags from stack.yml', () => {
    expect(builds.map((b) => b.name)).toEqual(specs.map((s) => s.name));
    for (const [i, s] of specs.entries()) {
      const b = builds[i];
      expect(b?.image).toBe(s.image);
      expect(b?.dockerfile).toBe(s.name === 'gpu-pool' ? GPU_POOL_DOCKERFILE : FUNCTION_DOCKERFILE);
      expect(b?.buildArgs).toMatchObject({
        FUNCTION: s.name,
        HANDLER: s.handler,
        APP_VERSION: s.image.split(':').at(-1),
        TIMEOUT: `${s.timeoutMs / 1000}s`,
        CONCURRENCY: String(s.concurrency),
      });
    }
  });

  it('npm run images prints one build command per function, and runs nothing', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/images.ts'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    const lines = out.split('\n').filter((l) => l.startsWith('docker buildx build '));
    expect(lines).toEqual(builds.map((b) => buildCommand(b)));
    for (const s of specs) {
      const line = lines.find((l) => l.includes(` --build-arg FUNCTION=${s.name} `)) ?? '';
      expect(line, s.name).toContain(` --tag ${s.image} `);
      expect(line.endsWith(' .'), 'the repository root is the build context').toBe(true);
    }
  });

  it('installs every native package a bundle leaves external, at its locked version', () => {
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, unknown> };
    for (const s of specs) {
      const dir = join(bundlePath(repoRoot, s.name), '..');
      if (!existsSync(dir)) continue; // built by the test run's global setup
      for (const pkg of externalImports(dir, join(repoRoot, s.handler)))
        expect(lock.packages[`node_modules/${pkg}`], `${s.name}: ${pkg}`).toBeDefined();
    }
    expect(externalImports(join(bundlePath(repoRoot, 'auth'), '..'))).toContain('@node-rs/argon2');
  });

  it('run on a read-only root filesystem: Knative mounts a writable /tmp for the watchdog', () => {
    for (const doc of parseAllDocuments(read('knative/services.yaml'))) {
      // biome-ignore lint/suspicious/noExplicitAny: reading a generated manifest
      const svc = doc.toJS() as any;
      const c = svc?.spec?.template?.spec?.containers?.[0];
      if (!c?.securityContext?.readOnlyRootFilesystem) continue;
      expect(
        c.volumeMounts.some((m: { mountPath: string }) => m.mountPath === '/tmp'),
        svc.metadata.name,
      ).toBe(true);
    }
  });

  it('leave node_modules, local data and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const p of ['**/node_modules', 'dist', '.data', '**/.env']) expect(ignored).toContain(p);
  });
});
