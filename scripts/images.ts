import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FunctionSpec, functionSpecs, loadStack } from '@atelier/shared/stack/load';
import { stringify } from 'yaml';
import { buildFunctions, bundlePath, NATIVE_PACKAGES } from '../runner/src/build';

/**
 * `npm run images`: the exact image build command of every function in stack.yml (prints, runs
 * nothing). `npm run images -- --push` adds --push; REGISTRY and TAG are substituted into the image
 * names as faas-cli would. `scripts/images.ts bundle <function> <dir>` is the Dockerfiles' build step:
 * the function's bundle plus a package.json naming the native packages it leaves external.
 */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const FUNCTION_DOCKERFILE = 'template/atelier-node20/Dockerfile';
export const GPU_POOL_DOCKERFILE = 'gpu-pool/Dockerfile';

export interface ImageBuild {
  name: string;
  image: string;
  dockerfile: string;
  platform: string;
  buildArgs: Record<string, string>;
}

/** Go duration for the watchdog's timeouts, from the spec's milliseconds (`10s`, `1500ms`). */
const goDuration = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);

export function imageBuild(spec: FunctionSpec): ImageBuild {
  const tag = spec.image.includes(':') ? spec.image.slice(spec.image.lastIndexOf(':') + 1) : 'latest';
  const gpu = spec.name === 'gpu-pool';
  return {
    name: spec.name,
    image: spec.image,
    dockerfile: gpu ? GPU_POOL_DOCKERFILE : FUNCTION_DOCKERFILE,
    // x86-64: the CUDA base and onnxruntime-node's CUDA provider exist for it only, and one platform
    // loads into the local image store without --push (add linux/arm64 when pushing, if needed).
    platform: 'linux/amd64',
    buildArgs: {
      FUNCTION: spec.name,
      HANDLER: spec.handler,
      APP_VERSION: /^\d+\.\d+\.\d+/.test(tag) ? tag : '0.0.0',
      TIMEOUT: goDuration(spec.timeoutMs),
      CONCURRENCY: String(spec.concurrency),
      ...(spec.raw.build_args ?? {}),
    },
  };
}

export function imageBuilds(stackPath: string, env: Record<string, string | undefined> = {}): ImageBuild[] {
  return functionSpecs(loadStack(stackPath, { env })).map(imageBuild);
}

/** One shell line; every value is shell-safe by construction (names, paths, durations, numbers). */
export function buildCommand(b: ImageBuild, opts: { push?: boolean } = {}): string {
  const args = Object.entries(b.buildArgs).map(([k, v]) => `--build-arg ${k}=${quote(v)}`);
  return [
    'docker buildx build',
    `--file ${b.dockerfile}`,
    `--platform ${b.platform}`,
    ...args,
    `--tag ${quote(b.image)}`,
    ...(opts.push ? ['--push'] : []),
    '.',
  ].join(' ');
}

const quote = (v: string) => (/^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replaceAll("'", "'\\''")}'`);

const isNative = (pkg: string) =>
  NATIVE_PACKAGES.some((p) => (p.endsWith('/*') ? pkg.startsWith(p.slice(0, -1)) : p === pkg));

/**
 * The native packages (left external by esbuild) a bundle imports by name, plus those the function's
 * own package.json depends on: a module loaded through a renamed createRequire or a computed path
 * (gpu-pool's tfjs and model packages) leaves no literal import to find.
 */
export function externalImports(bundleDir: string, handlerDir?: string): string[] {
  const found = new Set<string>();
  const specifier = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*["']([^"'./][^"']*)["']/g;
  for (const file of readdirSync(bundleDir).filter((f) => f.endsWith('.mjs'))) {
    for (const m of readFileSync(join(bundleDir, file), 'utf8').matchAll(specifier)) {
      const id = m[1] ?? '';
      const parts = id.split('/');
      const pkg = id.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
      if (id.startsWith('node:') || builtinModules.includes(pkg)) continue;
      if (isNative(pkg)) found.add(pkg);
    }
  }
  if (handlerDir) {
    const own = JSON.parse(readFileSync(join(handlerDir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const pkg of Object.keys(own.dependencies ?? {})) if (isNative(pkg)) found.add(pkg);
  }
  return [...found].sort();
}

/** Bundles one function into `out` (main.mjs and its chunks) with a package.json of its externals. */
export async function bundleOne(name: string, out: string, root = repoRoot): Promise<string[]> {
  const stack = loadStack(join(root, 'stack.yml'), { env: {} });
  const fn = stack.functions[name];
  if (!fn) throw new Error(`no function "${name}" in stack.yml`);
  const scratch = mkdtempSync(join(tmpdir(), 'atelier-image-'));
  try {
    const one = join(scratch, 'stack.yml');
    writeFileSync(
      one,
      stringify({ version: '1.0', provider: { name: 'openfaas' }, functions: { [name]: fn } }),
    );
    await buildFunctions(one, root, scratch);
    const dir = resolve(bundlePath(scratch, name), '..');
    mkdirSync(out, { recursive: true });
    for (const file of readdirSync(dir)) writeFileSync(join(out, file), readFileSync(join(dir, file)));
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string }>;
    };
    const externals = externalImports(out, resolve(root, fn.handler));
    const dependencies = Object.fromEntries(
      externals.map((pkg) => {
        const version = lock.packages[`node_modules/${pkg}`]?.version;
        if (!version) throw new Error(`${pkg}: imported by the ${name} bundle but not in package-lock.json`);
        return [pkg, version];
      }),
    );
    const manifest = { name: `@atelier/image-${name}`, private: true, type: 'module', dependencies };
    writeFileSync(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return externals;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'bundle') {
    const [name, out] = rest;
    if (!name || !out) {
      console.error('usage: scripts/images.ts bundle <function> <out dir>');
      process.exit(2);
    }
    const externals = await bundleOne(name, resolve(out));
    console.warn(`bundled ${name} into ${out}; external: ${externals.join(', ') || 'none'}`);
  } else {
    const push = process.argv.includes('--push');
    // REGISTRY and TAG fill stack.yml's ${VAR:-default} as faas-cli does (TAG=1.2.0 npm run images).
    const env = { REGISTRY: process.env.REGISTRY, TAG: process.env.TAG };
    const lines = imageBuilds(join(repoRoot, 'stack.yml'), env).map((b) => buildCommand(b, { push }));
    process.stdout.write(
      `# run from the repository root (the build context): one image per function of stack.yml\n`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
