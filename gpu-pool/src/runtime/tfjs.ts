/**
 * The tfjs runtime adapter: tfjs layers / graph models (ESRGAN from `@upscalerjs/*`, any converted
 * Keras or TF model) served as `LoadedModel`s on tfjs's wasm backend.
 *
 * Contract:
 * - `loadTf()` loads ONE CommonJS tfjs instance for the process (nsfwjs and the ESRGAN packages
 *   register their layers on it) and picks the backend once: `wasm`, else tfjs's pure-JS `cpu`
 *   (10–17× slower; logged as a warning and reported as the model's `executionProvider`).
 * - `loadTfjsModel(config, configDir)` reads `model.json` + weight shards from a file next to the
 *   config (`source.file`) or from inside an npm package (`source.npm` + `source.path`, e.g.
 *   `@upscalerjs/esrgan-slim` + `models/x4/model.json`; or `nsfwjs` + `MobileNetV2`, whose weights
 *   are bundled JS modules), with a file IOHandler because tfjs-node
 *   (and so `file://`) cannot be installed offline. A package that ships custom layers
 *   (esrgan-thick) exports `setup(tf)`; it is called before the model is built.
 * - `runBatch(items)` stacks the items into one `[N, ...input.shape]` tensor, predicts once and
 *   splits the output per item; every intermediate tensor is disposed, so memory stays flat.
 * - Failures to read or parse a model throw `ModelLoadError`, whose message names the file.
 */

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Logger } from '@atelier/shared/log';
import type { ModelConfig } from '../repository/config.js';
import type { ExecutionProvider, LoadedModel } from './types.js';

const require = createRequire(import.meta.url);

// tfjs's own typings would pull its whole d.ts tree into every caller; the adapter only needs this.
// biome-ignore lint/suspicious/noExplicitAny: the CommonJS tfjs instance is untyped on purpose
export type Tf = any;
export type TfBackend = 'wasm' | 'cpu';

export interface TfRuntime {
  tf: Tf;
  backend: TfBackend;
  /** Why wasm could not start, when the backend is `cpu`. */
  wasmError?: string;
}

let loading: Promise<TfRuntime> | undefined;

/**
 * The process's tfjs instance and the backend in use (wasm, or cpu when wasm failed to start; the
 * first caller's logger reports the fallback).
 */
export function loadTf(log?: Logger): Promise<TfRuntime> {
  loading ??= (async () => {
    const tf = require('@tensorflow/tfjs');
    try {
      const wasm = require('@tensorflow/tfjs-backend-wasm');
      // In Node the .wasm files sit beside the backend's bundle; naming the folder avoids a fetch().
      const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
      wasm.setWasmPaths(`${dist}${path.sep}`);
      if (!(await tf.setBackend('wasm'))) throw new Error('setBackend(wasm) returned false');
      await tf.ready();
      return { tf, backend: 'wasm' as const };
    } catch (err) {
      log?.warn({ err }, 'tfjs wasm backend unavailable; falling back to the pure-JS cpu backend');
      await tf.setBackend('cpu');
      await tf.ready();
      return { tf, backend: 'cpu' as const, wasmError: (err as Error).message };
    }
  })();
  return loading;
}

/** A model that could not be read or built; the message names the model and the file. */
export class ModelLoadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelLoadError';
  }
}

/** What the tfjs adapter adds to `LoadedModel`: the value ranges and, for upscalers, the scale. */
export interface TfjsModel extends LoadedModel {
  runtime: 'tfjs';
  inputRange: [number, number];
  outputRange: [number, number];
  scale?: number | undefined;
  labels?: string[] | undefined;
}

interface ModelArtifacts {
  modelTopology: unknown;
  format?: string;
  weightSpecs: unknown[];
  weightData: ArrayBuffer;
}

/** Stands in for tfjs-node's `file://` loader: model.json and its shards, read from disk. */
export async function readModelArtifacts(modelJson: string): Promise<ModelArtifacts> {
  let json: {
    modelTopology: unknown;
    format?: string;
    weightsManifest: { paths: string[]; weights: unknown[] }[];
  };
  try {
    json = JSON.parse(await readFile(modelJson, 'utf8'));
  } catch (err) {
    throw new ModelLoadError(`cannot read model file ${modelJson}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (!json || typeof json !== 'object' || !Array.isArray(json.weightsManifest)) {
    throw new ModelLoadError(`model file ${modelJson} is not a tfjs model.json (no weightsManifest)`);
  }
  const dir = path.dirname(modelJson);
  const shards = await Promise.all(
    json.weightsManifest.flatMap((g) =>
      g.paths.map((p) =>
        readFile(path.join(dir, p)).catch((err: Error) => {
          throw new ModelLoadError(`cannot read weights ${path.join(dir, p)}: ${err.message}`, {
            cause: err,
          });
        }),
      ),
    ),
  );
  const bin = Buffer.concat(shards);
  return {
    modelTopology: json.modelTopology,
    format: json.format,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer,
  };
}

/** The root folder of an installed npm package (its `exports` often hide package.json). */
function packageRoot(name: string, configDir: string): { root: string; req: NodeJS.Require } {
  // The repository may carry its own node_modules; the pool's own install is the fallback.
  for (const req of [createRequire(path.join(configDir, 'config.json')), require]) {
    let entry: string;
    try {
      entry = req.resolve(name);
    } catch {
      continue;
    }
    for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      try {
        if (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name === name) {
          return { root: dir, req };
        }
      } catch {
        // no package.json at this level (or the package's inner dist/package.json): keep climbing
      }
    }
  }
  throw new ModelLoadError(`npm package ${name} is not installed`);
}

/** Calls the package's `setup(tf)` (custom layers) from its per-scale entry or its main one. */
function runPackageSetup(tf: Tf, name: string, req: NodeJS.Require, scale: number | undefined): void {
  for (const id of scale ? [`${name}/${scale}x`, name] : [name]) {
    let mod: { setup?: (tf: Tf) => void; default?: { setup?: (tf: Tf) => void } };
    try {
      mod = req(id);
    } catch {
      continue;
    }
    const setup = mod.setup ?? mod.default?.setup;
    if (typeof setup === 'function') setup(tf);
    return;
  }
}

/**
 * nsfwjs ships its models as JS modules with base64 weights (no model.json): `source.path` names the
 * variant (`MobileNetV2`, `MobileNetV2Mid`, `InceptionV3`) and nsfwjs builds it on our tf instance.
 */
async function buildNsfwjs(variant: string, name: string): Promise<Tf> {
  try {
    const nsfwjs = require('nsfwjs');
    return (await nsfwjs.load(variant)).model;
  } catch (err) {
    throw new ModelLoadError(`cannot load model ${name} (nsfwjs ${variant}): ${(err as Error).message}`, {
      cause: err,
    });
  }
}

async function buildModel(tf: Tf, config: ModelConfig, configDir: string, name: string): Promise<Tf> {
  let modelJson: string;
  if ('file' in config.source) {
    modelJson = path.resolve(configDir, config.source.file);
  } else if (config.source.npm === 'nsfwjs') {
    return buildNsfwjs(config.source.path, name);
  } else {
    const { root, req } = packageRoot(config.source.npm, configDir);
    modelJson = path.join(root, config.source.path);
    runPackageSetup(tf, config.source.npm, req, config.scale);
  }
  const artifacts = await readModelArtifacts(modelJson);
  const handler = { load: async () => artifacts };
  try {
    return artifacts.format === 'graph-model'
      ? await tf.loadGraphModel(handler)
      : await tf.loadLayersModel(handler, { strict: true });
  } catch (err) {
    throw new ModelLoadError(`cannot build model ${name} from ${modelJson}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

const product = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Loads one tfjs model version of the repository (see the module comment). */
export async function loadTfjsModel(
  config: ModelConfig,
  configDir: string,
  name = config.name ?? path.basename(path.dirname(configDir)),
  version = path.basename(configDir),
  log?: Logger,
): Promise<TfjsModel> {
  const { tf, backend } = await loadTf(log);
  const model = await buildModel(tf, config, configDir, name);
  const inShape = config.input.shape;
  const inSize = product(inShape);
  const outSize = product(config.output.shape);
  const executionProvider: ExecutionProvider = backend;
  return {
    name,
    version,
    task: config.task,
    runtime: 'tfjs',
    executionProvider,
    input: { name: config.input.name, shape: inShape },
    output: { name: config.output.name, shape: config.output.shape },
    maxBatchSize: config.maxBatchSize,
    maxQueueDelayMs: config.maxQueueDelayMs,
    inputRange: config.input.range,
    outputRange: config.output.range,
    scale: config.scale,
    labels: config.labels,
    async runBatch(items) {
      if (items.length === 0) return [];
      const stacked = new Float32Array(items.length * inSize);
      items.forEach((item, i) => {
        if (item.length !== inSize) {
          throw new Error(`${name}: item ${i} has ${item.length} values, expected ${inSize} (${inShape})`);
        }
        stacked.set(item, i * inSize);
      });
      const y = tf.tidy(() => {
        const out = model.predict(tf.tensor(stacked, [items.length, ...inShape], 'float32'));
        return Array.isArray(out) ? out[0] : out;
      });
      let data: Float32Array;
      try {
        data = (await y.data()) as Float32Array;
      } finally {
        y.dispose();
      }
      if (data.length !== items.length * outSize) {
        throw new Error(
          `${name}: output has ${data.length / items.length} values per item, expected ${outSize}`,
        );
      }
      return items.map((_, i) => data.slice(i * outSize, (i + 1) * outSize));
    },
    async dispose() {
      model.dispose();
    },
  };
}
