import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@atelier/shared/config';
import { createLogger } from '@atelier/shared/log';
import { afterAll, describe, expect, it } from 'vitest';
import { modelConfig } from '../repository/config';
import { tinySuperResolutionOnnx } from './fixtures/tiny-sr';
import { type LoadedOnnxModel, loadOnnxModel, ModelLoadError } from './onnx';
import { runtimeEnv } from './providers';

// A real model repository in a temp folder: <repo>/tiny-sr/1/{config.json, model.onnx}.
const repo = mkdtempSync(join(tmpdir(), 'gpu-pool-onnx-'));
const log = createLogger({ name: 'gpu-pool-test', level: 'silent' });
const loaded: LoadedOnnxModel[] = [];
afterAll(async () => {
  await Promise.all(loaded.map((m) => m.dispose()));
  rmSync(repo, { recursive: true, force: true });
});

function version(model: string, onnx: Uint8Array | string | null, overrides: Record<string, unknown> = {}) {
  const dir = join(repo, model, '1');
  mkdirSync(dir, { recursive: true });
  if (onnx !== null) writeFileSync(join(dir, 'model.onnx'), onnx);
  const config = modelConfig.parse({
    task: 'upscale',
    runtime: 'onnx',
    source: { file: 'model.onnx' },
    input: { shape: [3, 8, 8], layout: 'NCHW' },
    output: { shape: [3, 16, 16], layout: 'NCHW' },
    scale: 2,
    maxBatchSize: 8,
    ...overrides,
  });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  return { config, dir };
}

async function load(...args: Parameters<typeof loadOnnxModel>) {
  const model = await loadOnnxModel(args[0], args[1], { log, ...args[2] });
  loaded.push(model);
  return model;
}

/** An 8×8 RGB test card in [0, 1], different for each seed. */
const item = (seed: number) =>
  Float32Array.from({ length: 3 * 8 * 8 }, (_, i) => ((i * 7 + seed * 13) % 17) / 16);

describe('loadOnnxModel', () => {
  it('loads a real ONNX graph on cpu and upscales ×2 (close to nearest-neighbour, plus its residual branch)', async () => {
    const { config, dir } = version('tiny-sr', tinySuperResolutionOnnx());
    const model = await load(config, dir, { providers: ['cpu'], cpuThreads: 1 });
    expect(model).toMatchObject({ name: 'tiny-sr', version: '1', runtime: 'onnx', executionProvider: 'cpu' });
    expect(model.graphBatch).toBe('dynamic');
    expect(model.providerFailures).toEqual([]);
    const x = item(1);
    const [y] = await model.runBatch([x]);
    expect(y).toHaveLength(3 * 16 * 16);
    let maxDiff = 0;
    let residual = 0;
    for (let c = 0; c < 3; c++)
      for (let r = 0; r < 16; r++)
        for (let q = 0; q < 16; q++) {
          const d = Math.abs(y![c * 256 + r * 16 + q]! - x[c * 64 + (r >> 1) * 8 + (q >> 1)]!);
          maxDiff = Math.max(maxDiff, d);
          residual += d;
        }
    expect(maxDiff).toBeLessThan(0.2);
    expect(residual).toBeGreaterThan(0); // the convolution branch really ran
  });

  it('a batch of N gives the same outputs as N single runs', async () => {
    const { config, dir } = version('tiny-sr-batch', tinySuperResolutionOnnx());
    const model = await load(config, dir, { providers: ['cpu'], cpuThreads: 1 });
    const items = Array.from({ length: 5 }, (_, i) => item(i));
    const batched = await model.runBatch(items);
    expect(batched).toHaveLength(5);
    for (const [i, x] of items.entries()) {
      const [single] = await model.runBatch([x]);
      const diff = Math.max(...single!.map((v, j) => Math.abs(v - batched[i]![j]!)));
      expect(diff).toBeLessThan(1e-5);
    }
    expect(batched[0]).not.toEqual(batched[1]);
  });

  it('runs a graph with a fixed batch of 1 one item at a time, with the same results', async () => {
    const dynamic = version('tiny-sr-dyn', tinySuperResolutionOnnx());
    const fixed = version('tiny-sr-b1', tinySuperResolutionOnnx({ batch: 1 }));
    const a = await load(dynamic.config, dynamic.dir, { providers: ['cpu'] });
    const b = await load(fixed.config, fixed.dir, { providers: ['cpu'] });
    expect(b.graphBatch).toBe(1);
    expect(b.maxBatchSize).toBe(1);
    const items = [item(3), item(4), item(5)];
    const [ya, yb] = [await a.runBatch(items), await b.runBatch(items)];
    expect(yb).toHaveLength(3);
    for (let i = 0; i < 3; i++)
      expect(Math.max(...yb[i]!.map((v, j) => Math.abs(v - ya[i]![j]!)))).toBeLessThan(1e-5);
  });

  it('falls back from webgpu and cuda to cpu on a machine without them, recording why each failed', async () => {
    const { config, dir } = version('tiny-sr-gpu', tinySuperResolutionOnnx(), {
      executionProviders: ['webgpu', 'cuda', 'cpu'],
    });
    // The config's list wins over the pool-wide default.
    const model = await load(config, dir, { providers: ['cpu'] });
    expect(model.executionProvider).toBe('cpu');
    expect(model.providerFailures.map((f) => f.provider)).toEqual(['webgpu', 'cuda']);
    expect(model.providerFailures[0]!.reason).toMatch(/adapter/i);
    expect(model.providerFailures[1]!.reason).toMatch(/shared library/i);
    expect((await model.runBatch([item(0)]))[0]).toHaveLength(768);
  });

  it('fails naming the file when it is corrupt, with each provider’s reason', async () => {
    const { config, dir } = version('broken', 'this is not a protobuf');
    const err = await loadOnnxModel(config, dir, { log, providers: ['cpu'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelLoadError);
    expect((err as Error).message).toContain(join(dir, 'model.onnx'));
    expect((err as Error).message).toMatch(/cpu: .*protobuf parsing failed/i);
  });

  it('fails naming the file when it is missing', async () => {
    const { config, dir } = version('missing', null);
    await expect(loadOnnxModel(config, dir, { log })).rejects.toThrow(
      `Cannot load model file ${join(dir, 'model.onnx')}: no such file`,
    );
  });

  it('refuses a config whose input shape does not fit the graph, naming the file', async () => {
    const { config, dir } = version('wrong-shape', tinySuperResolutionOnnx(), {
      input: { shape: [8, 8, 3] },
    });
    await expect(loadOnnxModel(config, dir, { log })).rejects.toThrow(
      /model\.onnx: input x is \[N, 3, H, W\]/,
    );
  });
});

describe('runtimeEnv', () => {
  it('reads the default provider order and cpu threads, and rejects unknown providers', () => {
    const env = (values: Record<string, string>) => loadConfig(runtimeEnv, { env: values, secretsDir: repo });
    expect(env({})).toEqual({ GPU_POOL_EXECUTION_PROVIDERS: ['cpu'], GPU_POOL_CPU_THREADS: 0 });
    expect(env({ GPU_POOL_EXECUTION_PROVIDERS: 'webgpu, cuda,cpu', GPU_POOL_CPU_THREADS: '4' })).toEqual({
      GPU_POOL_EXECUTION_PROVIDERS: ['webgpu', 'cuda', 'cpu'],
      GPU_POOL_CPU_THREADS: 4,
    });
    expect(() => env({ GPU_POOL_EXECUTION_PROVIDERS: 'webgpu,tpu' })).toThrow(/tpu/);
  });
});
