import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FunctionSpec, functionSpecs, loadStack } from '@atelier/shared/stack/load';
import { build } from 'esbuild';
import { buildWeb } from './web-build';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/**
 * Left out of bundles, loaded from node_modules at run time: native bindings, and the model runtimes
 * whose files (weights, .wasm) are found relative to their own package (one tfjs instance for all).
 */
export const NATIVE_PACKAGES = [
  '@node-rs/argon2',
  'sharp',
  'onnxruntime-node',
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-wasm',
  'nsfwjs',
  '@upscalerjs/*',
];
export const bundlePath = (root: string, name: string) => join(root, 'dist', 'functions', name, 'main.mjs');

/** Bundles one function into <outRoot>/dist/functions/<name>/main.mjs (also what a stack.yml reload uses). */
export async function buildFunction(spec: FunctionSpec, root = repoRoot, outRoot = root): Promise<string> {
  const entry = resolve(root, spec.handler, 'src', 'main.ts');
  if (!existsSync(entry)) throw new Error(`function "${spec.name}": no entry point at ${entry}`);
  await build({
    entryPoints: { main: entry },
    outdir: join(outRoot, 'dist', 'functions', spec.name),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    // Native addons cannot be bundled: they load from node_modules at run time (and ship in the image).
    external: NATIVE_PACKAGES,
    logLevel: 'warning',
    // CommonJS dependencies inside an ESM bundle still call require().
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  });
  return bundlePath(outRoot, spec.name);
}

/**
 * Bundles each function of a stack into dist/functions/<name>/main.mjs: one module to load on a cold
 * start, with code the function imports lazily (e.g. the CloudEvents SDK) split into chunks loaded on use.
 */
export async function buildFunctions(stackPath: string, root = repoRoot, outRoot = root): Promise<string[]> {
  const specs = functionSpecs(loadStack(stackPath));
  const built: string[] = [];
  await Promise.all(
    specs.map(async (spec) => {
      await buildFunction(spec, root, outRoot);
      built.push(spec.name);
    }),
  );
  return built;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const started = performance.now();
  try {
    const names = await buildFunctions(join(repoRoot, 'stack.yml'));
    const functionsMs = Math.round(performance.now() - started);
    process.stdout.write(`built ${names.length} functions (${names.join(', ')}) in ${functionsMs} ms\n`);
    const webStarted = performance.now();
    const web = buildWeb(repoRoot);
    process.stdout.write(
      web === 'built'
        ? `built the web app (web/dist) in ${Math.round(performance.now() - webStarted)} ms\n`
        : 'web app (web/dist) is up to date\n',
    );
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
