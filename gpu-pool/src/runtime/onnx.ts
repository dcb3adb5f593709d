import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { createLogger, type Logger } from '@atelier/shared/log';
import * as ort from 'onnxruntime-node';
import type { ModelConfig } from '../repository/config';
import { AllProvidersFailed, firstWorkingProvider, type ProviderFailure } from './providers';
import type { ExecutionProvider, LoadedModel } from './types';

/**
 * The onnxruntime-node adapter: serves any single-graph image model (one float32 input, one output)
 * on the first execution provider that works (webgpu on a GPU node through the build's bundled Dawn,
 * cuda where the CUDA 12 provider libraries are installed, cpu otherwise).
 */
export interface OnnxLoadOptions {
  /** Used when the config names no `executionProviders` (main passes GPU_POOL_EXECUTION_PROVIDERS). */
  providers?: readonly ExecutionProvider[];
  /** onnxruntime intra-op threads for the cpu EP; 0 or absent = onnxruntime's default. */
  cpuThreads?: number;
  log?: Logger;
}

export interface LoadedOnnxModel extends LoadedModel {
  /** The providers tried before the one in use, each with the reason it failed. */
  providerFailures: ProviderFailure[];
  /** `dynamic`: a whole batch runs as one call; a number: the graph's fixed batch, run chunk by chunk. */
  graphBatch: 'dynamic' | number;
  file: string;
}

/** Start-up fails with this: the message names the model file and, for a session error, each EP's reason. */
export class ModelLoadError extends Error {
  constructor(
    public readonly file: string,
    reason: string,
  ) {
    super(`Cannot load model file ${file}: ${reason}`);
    this.name = 'ModelLoadError';
  }
}

export async function loadOnnxModel(
  config: ModelConfig,
  configDir: string,
  options: OnnxLoadOptions = {},
): Promise<LoadedOnnxModel> {
  const log = options.log ?? createLogger({ name: 'gpu-pool' });
  const file = modelFile(config, configDir);
  const name = config.name ?? basename(dirname(resolve(configDir)));
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new ModelLoadError(
      file,
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err),
    );
  }
  const providers = (config.executionProviders ?? options.providers ?? ['cpu']).filter(
    (p) => p !== 'wasm', // tfjs's backend; listing it for an ONNX model is harmless, not an error
  );
  const started = performance.now();
  let created: Awaited<ReturnType<typeof firstWorkingProvider<ort.InferenceSession>>>;
  try {
    created = await firstWorkingProvider(
      providers,
      (provider) =>
        ort.InferenceSession.create(bytes, {
          executionProviders: [provider],
          graphOptimizationLevel: 'all',
          ...(provider === 'cpu' && options.cpuThreads ? { intraOpNumThreads: options.cpuThreads } : {}),
        }),
      log,
      `${name} (${file})`,
    );
  } catch (err) {
    throw new ModelLoadError(file, err instanceof AllProvidersFailed ? err.message : String(err));
  }
  const session = created.value;
  const graphBatch = checkSignature(session, config, file);
  const inputName = config.input.name ?? session.inputNames[0]!;
  const outputName = config.output.name ?? session.outputNames[0]!;
  const inSize = product(config.input.shape);
  const outSize = product(config.output.shape);
  log.info(
    {
      model: name,
      file,
      executionProvider: created.provider,
      providerFailures: created.failures,
      graphBatch,
      loadMs: Math.round(performance.now() - started),
    },
    graphBatch === 'dynamic'
      ? `onnx model ${name} loaded on ${created.provider}`
      : `onnx model ${name} loaded on ${created.provider}; its graph has a fixed batch of ${graphBatch}, so batches run ${graphBatch} item(s) per call`,
  );

  async function runChunk(items: Float32Array[], n: number): Promise<Float32Array[]> {
    const data = new Float32Array(n * inSize); // rows past items.length stay zero (padding a fixed batch)
    for (const [i, item] of items.entries()) data.set(item, i * inSize);
    const input = new ort.Tensor('float32', data, [n, ...config.input.shape]);
    const result = await session.run({ [inputName]: input }, [outputName]);
    const output = result[outputName]!;
    try {
      const got = output.dims.slice(1);
      if (output.dims[0] !== n || got.join() !== config.output.shape.join()) {
        throw new Error(
          `model ${name} returned [${output.dims.join(', ')}], config.json declares [${n}, ${config.output.shape.join(', ')}]`,
        );
      }
      const out = output.data as Float32Array;
      return items.map((_, i) => out.slice(i * outSize, (i + 1) * outSize));
    } finally {
      output.dispose();
    }
  }

  return {
    name,
    version: basename(resolve(configDir)),
    task: config.task,
    runtime: 'onnx',
    executionProvider: created.provider,
    providerFailures: created.failures,
    graphBatch,
    file,
    input: { name: inputName, shape: config.input.shape },
    output: { name: outputName, shape: config.output.shape },
    maxBatchSize: graphBatch === 'dynamic' ? config.maxBatchSize : Math.min(config.maxBatchSize, graphBatch),
    maxQueueDelayMs: config.maxQueueDelayMs,
    async runBatch(items) {
      for (const item of items) {
        if (item.length !== inSize) {
          throw new Error(
            `model ${name} takes items of ${inSize} values ([${config.input.shape}]), got ${item.length}`,
          );
        }
      }
      if (items.length === 0) return [];
      if (graphBatch === 'dynamic') return runChunk(items, items.length);
      const outputs: Float32Array[] = [];
      for (let i = 0; i < items.length; i += graphBatch) {
        outputs.push(...(await runChunk(items.slice(i, i + graphBatch), graphBatch)));
      }
      return outputs;
    },
    async dispose() {
      await session.release();
    },
  };
}

/** `source.file` is relative to the version folder; `source.npm` + `path` to the installed package. */
export function modelFile(config: ModelConfig, configDir: string): string {
  if ('file' in config.source) return resolve(configDir, config.source.file);
  const { npm, path } = config.source;
  const searched = createRequire(join(resolve(configDir), 'config.json')).resolve.paths(npm) ?? [];
  const root = searched.map((dir) => join(dir, npm)).find((dir) => existsSync(dir));
  return join(root ?? join('node_modules', npm), path);
}

/**
 * Checks the graph against config.json before serving: one float32 input of rank 1 + the item's, fixed
 * dimensions equal to the config's. Returns how the graph batches: a symbolic first dimension is
 * dynamic; a number is a fixed batch (often 1 in exported models) that runBatch chunks and pads to.
 */
function checkSignature(
  session: ort.InferenceSession,
  config: ModelConfig,
  file: string,
): 'dynamic' | number {
  const inputName = config.input.name ?? session.inputNames[0];
  const meta = session.inputMetadata.find((m) => m.name === inputName);
  if (!meta)
    throw new ModelLoadError(
      file,
      `the graph has no input named ${inputName} (it has ${session.inputNames.join(', ')})`,
    );
  if (config.output.name && !session.outputNames.includes(config.output.name)) {
    throw new ModelLoadError(
      file,
      `the graph has no output named ${config.output.name} (it has ${session.outputNames.join(', ')})`,
    );
  }
  if (!meta.isTensor || meta.type !== 'float32') {
    throw new ModelLoadError(file, `input ${inputName} must be a float32 tensor`);
  }
  const [batch, ...dims] = meta.shape;
  const mismatch =
    dims.length !== config.input.shape.length ||
    dims.some((d, i) => typeof d === 'number' && d > 0 && d !== config.input.shape[i]);
  if (mismatch) {
    throw new ModelLoadError(
      file,
      `input ${inputName} is [${meta.shape.join(', ')}], config.json declares [batch, ${config.input.shape.join(', ')}]`,
    );
  }
  return typeof batch === 'number' && batch > 0 ? batch : 'dynamic';
}

const product = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
