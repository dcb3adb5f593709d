import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@atelier/shared/log';
import { loadOnnxModel } from '../runtime/onnx';
import { loadTfjsModel } from '../runtime/tfjs';
import type { ExecutionProvider, LoadedModel } from '../runtime/types';
import { type ModelConfig, modelConfig } from './config';

/**
 * The model repository (Triton-like): `<root>/<model>/<version>/config.json`, versions being
 * positive integers. The highest version of each model is served unless pinned (`name@version`).
 * Everything that can be checked without loading weights is checked first, for every model, so a bad
 * repository fails start-up at once with every problem, each naming its model and file.
 */
export interface RepositoryEntry {
  /** What clients ask for: `config.name`, else the model folder's name. */
  name: string;
  folder: string;
  version: string;
  /** The version folder (holds config.json and, for `source.file`, the weights). */
  dir: string;
  config: ModelConfig;
  /** The weights the config points to (a file or a folder inside an npm package). */
  weights: string;
}

export interface LoadedEntry extends RepositoryEntry {
  model: LoadedModel;
}

/** Start-up failure: the message names the model(s) and the file(s). */
export class RepositoryError extends Error {
  constructor(
    message: string,
    public readonly problems: string[] = [message],
  ) {
    super(message);
    this.name = 'RepositoryError';
  }
}

export interface SelectOptions {
  /** Model folders to serve, each optionally `name@version`; all of them when unset. */
  names?: string[] | undefined;
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
const own = createRequire(import.meta.url);

/** The installed package's folder: beside the repository first (it may carry node_modules), then ours. */
function packageRoot(pkg: string, configDir: string): string | undefined {
  for (const req of [createRequire(join(configDir, 'config.json')), own]) {
    for (const dir of req.resolve.paths(pkg) ?? []) {
      if (existsSync(join(dir, pkg, 'package.json'))) return join(dir, pkg);
    }
  }
  return undefined;
}

function weightsOf(config: ModelConfig, dir: string): { path?: string; problem?: string } {
  if ('file' in config.source) {
    const path = resolve(dir, config.source.file);
    return existsSync(path) ? { path } : { problem: `weights ${path} do not exist` };
  }
  const root = packageRoot(config.source.npm, dir);
  if (!root) return { problem: `npm package ${config.source.npm} is not installed` };
  // nsfwjs bundles its weights as JS modules: its `path` names a variant (runtime/tfjs.ts builds it).
  if (config.source.npm === 'nsfwjs') return { path: join(root, 'dist') };
  const path = join(root, config.source.path);
  return existsSync(path) ? { path } : { problem: `weights ${path} do not exist` };
}

function readEntry(root: string, folder: string, pinned: string | undefined): RepositoryEntry | string {
  const modelDir = join(root, folder);
  if (!isDir(modelDir)) {
    const known = readdirSync(root).filter((f) => isDir(join(root, f)));
    return `model ${folder}: no folder ${modelDir} (the repository has: ${known.join(', ') || 'nothing'})`;
  }
  const versions = readdirSync(modelDir)
    .filter((v) => /^[1-9][0-9]*$/.test(v) && isDir(join(modelDir, v)))
    .sort((a, b) => Number(b) - Number(a));
  const version = pinned ?? versions[0];
  if (!version || !versions.includes(version)) {
    return `model ${folder}: ${pinned ? `no version ${pinned}` : 'no version folder (1, 2, …)'} in ${modelDir}`;
  }
  const dir = join(modelDir, version);
  const file = join(dir, 'config.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return `model ${folder}: cannot read ${file}: ${(err as Error).message}`;
  }
  const parsed = modelConfig.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return `model ${folder}: ${file} is invalid: ${issues.join('; ')}`;
  }
  const config = parsed.data;
  const weights = weightsOf(config, dir);
  if (!weights.path) return `model ${folder}: ${weights.problem} (named in ${file})`;
  return { name: config.name ?? folder, folder, version, dir, config, weights: weights.path };
}

/** Reads and checks the configs of the selected models; throws one RepositoryError listing every problem. */
export function readRepository(root: string, options: SelectOptions = {}): RepositoryEntry[] {
  const repo = resolve(root);
  if (!isDir(repo)) throw new RepositoryError(`model repository ${repo} does not exist`);
  const selected =
    options.names ??
    readdirSync(repo)
      .filter((f) => !f.startsWith('.') && isDir(join(repo, f)))
      .sort();
  if (selected.length === 0) throw new RepositoryError(`model repository ${repo} holds no model folder`);
  const problems: string[] = [];
  const entries: RepositoryEntry[] = [];
  for (const spec of selected) {
    const [folder = '', pinned] = spec.split('@');
    const entry = readEntry(repo, folder, pinned);
    if (typeof entry === 'string') problems.push(entry);
    else entries.push(entry);
  }
  const names = entries.map((e) => e.name);
  for (const dup of new Set(names.filter((n, i) => names.indexOf(n) !== i))) {
    problems.push(`model name ${dup} is used by more than one folder`);
  }
  if (problems.length > 0) {
    throw new RepositoryError(`Model repository ${repo}:\n  - ${problems.join('\n  - ')}`, problems);
  }
  return entries;
}

export interface LoadOptions {
  log: Logger;
  /** Default ONNX provider order when a config names none (GPU_POOL_EXECUTION_PROVIDERS). */
  providers?: readonly ExecutionProvider[] | undefined;
  cpuThreads?: number | undefined;
  /** Called after each model has loaded and answered its warm-up. */
  onLoaded?: (entry: LoadedEntry) => void;
}

/** Hands each entry to its runtime's adapter, then warms it up with one all-zero item. */
export async function loadEntry(entry: RepositoryEntry, options: LoadOptions): Promise<LoadedEntry> {
  const { config, dir, name } = entry;
  const started = performance.now();
  let model: LoadedModel;
  try {
    model =
      config.runtime === 'tfjs'
        ? await loadTfjsModel(config, dir, name, entry.version, options.log)
        : await loadOnnxModel(config, dir, {
            providers: options.providers,
            cpuThreads: options.cpuThreads,
            log: options.log,
          });
    // The ONNX adapter names a model after its folder; config.name wins everywhere.
    model.name = name;
  } catch (err) {
    throw new RepositoryError(`model ${name}: cannot load ${entry.weights}: ${(err as Error).message}`);
  }
  try {
    const size = config.input.shape.reduce((a, b) => a * b, 1);
    const [out] = await model.runBatch([new Float32Array(size)]);
    const expected = config.output.shape.reduce((a, b) => a * b, 1);
    if (out?.length !== expected) {
      throw new Error(`it returned ${out?.length ?? 0} values, config.json declares ${expected}`);
    }
  } catch (err) {
    await model.dispose().catch(() => {});
    throw new RepositoryError(
      `model ${name}: warm-up inference failed (${entry.weights}): ${(err as Error).message}`,
    );
  }
  const loaded = { ...entry, model };
  options.log.info(
    {
      model: name,
      version: entry.version,
      runtime: config.runtime,
      executionProvider: model.executionProvider,
      ms: Math.round(performance.now() - started),
    },
    `model ${name} loaded and warmed up`,
  );
  options.onLoaded?.(loaded);
  return loaded;
}

/**
 * Loads the entries one after another (one tfjs backend and one device: loading in parallel would
 * only contend), disposing what was loaded if a later one fails.
 */
export async function loadRepository(
  entries: RepositoryEntry[],
  options: LoadOptions,
): Promise<LoadedEntry[]> {
  const loaded: LoadedEntry[] = [];
  try {
    for (const entry of entries) loaded.push(await loadEntry(entry, options));
  } catch (err) {
    await Promise.allSettled(loaded.map((l) => l.model.dispose()));
    throw err;
  }
  return loaded;
}

/**
 * The repository shipped with the pool (gpu-pool/models), used when GPU_POOL_MODELS is unset. Found
 * through the workspace package, so it holds from the source tree and from the runner's bundle alike.
 */
export const defaultRepository = (() => {
  try {
    return join(dirname(own.resolve('@atelier/gpu-pool/package.json')), 'models');
  } catch {
    return resolve(dirname(fileURLToPath(import.meta.url)), '../../models');
  }
})();
