import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join, resolve } from 'node:path';
import { fmt, freePort, percentile, sortNum, table } from './support';

/**
 * npm run bench:gpu-pool — the pool through HTTP, as clients see it.
 *
 * CPU (default, here): POST /v1/images/upscale with a 48 × 48 photo (one 64² tile of esrgan-slim ×2,
 * so one request = one model item) at 1, 4, 16 and 64 concurrent clients, batching on (the model's
 * maxBatchSize 8, 5 ms delay) vs off (maxBatchSize 1): images/s, p50/p99 latency, mean batch size.
 *
 * GPU (`-- --gpu`, on a device machine; recipe in gpu-pool/GPU.md): an exported ONNX upscaler served
 * by the pool on GPU_BENCH_EP (webgpu) through HTTP vs a bare onnxruntime session at the same batch
 * (the serving overhead), beside PyTorch's fp16/fp32 CUDA figures from gpu-pool/scripts/export_sr.py.
 *
 * The pool runs as its own process from GPU_POOL_ENTRY (default gpu-pool/src/main.ts under tsx; the
 * device recipe points it at the esbuild bundle), started against a model repository written here.
 */
// BENCH_ROOT: the repository (the device recipe runs this file bundled, away from bench/).
const root = resolve(process.env.BENCH_ROOT ?? join(import.meta.dirname, '..'));
const gpu = process.argv.includes('--gpu');
const seconds = Number(process.env.BENCH_SECONDS ?? (gpu ? 10 : 5));
const work = resolve(process.env.BENCH_WORK_DIR ?? join(root, '.data/bench-gpu-pool'));
const out: string[] = [];

interface Pool {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function startPool(models: string, extra: Record<string, string> = {}): Promise<Pool> {
  const entry = resolve(root, process.env.GPU_POOL_ENTRY ?? 'gpu-pool/src/main.ts');
  const port = await freePort();
  const child = spawn(process.execPath, entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry], {
    cwd: root,
    env: {
      ...(process.env as Record<string, string>),
      PORT: String(port),
      GPU_POOL_MODELS: models,
      GPU_POOL_MAX_QUEUE: '100000',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...extra,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 300_000; // model loads + warm-up; webgpu session creation ~1 s
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/_/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`pool (${entry}) did not become ready`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    port,
    child,
    stop: () =>
      new Promise((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** One model version folder `<dir>/<name>/1/config.json`; returns the repository folder. */
function writeRepository(dir: string, name: string, config: Record<string, unknown>): string {
  mkdirSync(join(dir, name, '1'), { recursive: true });
  writeFileSync(join(dir, name, '1', 'config.json'), JSON.stringify(config, null, 2));
  return dir;
}

/**
 * Closed-loop load: `concurrency` clients, each sending its next request when the last answered, for
 * `seconds` after a one-second warm-up. Assumed API (gpu-pool/README.md): POST /v1/images/upscale with
 * JSON `{ model, image: <base64>, scale }`, 200 with the upscaled PNG inside.
 */
async function load(port: number, body: string, concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const post = () =>
    new Promise<number>((done, fail) => {
      const t0 = performance.now();
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/v1/images/upscale',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            res.statusCode === 200
              ? done(performance.now() - t0)
              : fail(
                  new Error(
                    `upscale answered ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`,
                  ),
                ),
          );
        },
      );
      req.on('error', fail);
      req.end(body);
    });
  const before = await scrape(port);
  const drive = async (until: number, latencies: number[]) => {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) latencies.push(await post());
      }),
    );
  };
  await drive(performance.now() + 1000, []);
  const latencies: number[] = [];
  const t0 = performance.now();
  await drive(t0 + seconds * 1000, latencies);
  const elapsed = (performance.now() - t0) / 1000;
  const after = await scrape(port);
  agent.destroy();
  const sorted = sortNum(latencies);
  const runs = after.runs - before.runs;
  return {
    imagesPerSecond: latencies.length / elapsed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    meanBatch: runs > 0 ? (after.items - before.items) / runs : Number.NaN,
  };
}

/** Batch counters from the pool's Prometheus metrics (whole warm-up included; only the mean is used). */
async function scrape(port: number): Promise<{ runs: number; items: number }> {
  const text = await fetch(`http://127.0.0.1:${port}/_/metrics`).then(
    (r) => (r.ok ? r.text() : ''),
    () => '',
  );
  const sum = (metric: string) =>
    text
      .split('\n')
      .filter((l) => l.startsWith(metric))
      .reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
  return { runs: sum('gpu_pool_batch_size_count'), items: sum('gpu_pool_batch_size_sum') };
}

async function photo(side: number): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  return sharp(join(root, 'gpu-pool/src/test-fixtures/chelsea-cat.png'))
    .resize(side, side, { fit: 'cover' })
    .png()
    .toBuffer();
}

async function cpuBench() {
  const slim = JSON.parse(readFileSync(join(root, 'gpu-pool/models/esrgan-slim-x2/1/config.json'), 'utf8'));
  const body = JSON.stringify({
    model: 'esrgan-slim-x2',
    image: (await photo(48)).toString('base64'),
    scale: 2,
  });
  const rows: string[][] = [];
  for (const batching of [true, false]) {
    const repo = writeRepository(join(work, batching ? 'on' : 'off'), 'esrgan-slim-x2', {
      ...slim,
      maxBatchSize: batching ? 8 : 1,
      maxQueueDelayMs: batching ? 5 : 0,
    });
    const pool = await startPool(repo);
    try {
      for (const concurrency of [1, 4, 16, 64]) {
        const r = await load(pool.port, body, concurrency);
        rows.push([
          batching ? 'on (≤ 8, 5 ms)' : 'off',
          String(concurrency),
          fmt(r.imagesPerSecond, 1),
          fmt(r.p50, 0),
          fmt(r.p99, 0),
          fmt(r.meanBatch, 1),
        ]);
      }
    } finally {
      await pool.stop();
    }
  }
  out.push(
    table(
      `upscale through HTTP: 48 × 48 PNG → 96 × 96 (esrgan-slim ×2, one 64² tile, tfjs wasm), ${seconds} s per row`,
      ['batching', 'concurrent', 'images/s', 'p50 ms', 'p99 ms', 'mean batch'],
      rows,
    ),
  );
}

/** Bare onnxruntime: the same model and batch, no HTTP, no PNG, no queue — the pool's upper bound. */
async function bareSession(file: string, ep: string, batch: number, tile: number) {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(file, { executionProviders: [ep] });
  const input = new ort.Tensor('float32', new Float32Array(batch * tile * tile * 3).fill(0.5), [
    batch,
    tile,
    tile,
    3,
  ]);
  const feeds = { [session.inputNames[0]!]: input };
  for (let i = 0; i < 3; i++) await session.run(feeds);
  const times: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const t0 = performance.now();
    const r = await session.run(feeds);
    times.push(performance.now() - t0);
    for (const t of Object.values(r)) t.dispose();
  }
  await session.release();
  const total = times.reduce((a, b) => a + b, 0);
  return {
    imagesPerSecond: (times.length * batch) / (total / 1000),
    msPerBatch: percentile(sortNum(times), 50),
  };
}

async function gpuBench() {
  const file = resolve(process.env.GPU_BENCH_MODEL ?? join(work, 'sr.onnx'));
  const ep = process.env.GPU_BENCH_EP ?? 'webgpu';
  const batch = Number(process.env.GPU_BENCH_BATCH ?? 8);
  const tile = Number(process.env.GPU_BENCH_TILE ?? 256);
  const scale = Number(process.env.GPU_BENCH_SCALE ?? 4);
  const bare = await bareSession(file, ep, batch, tile);
  // One tile per request: the image is the tile's centre (the upscaler keeps tile / 8 px of overlap).
  const side = tile - 2 * Math.max(8, Math.floor(tile / 8));
  const repo = writeRepository(join(work, 'gpu'), 'sr-gpu', {
    task: 'upscale',
    runtime: 'onnx',
    source: { file },
    scale,
    input: { shape: [tile, tile, 3], layout: 'NHWC', range: [0, 1] },
    output: { shape: [tile * scale, tile * scale, 3], layout: 'NHWC', range: [0, 1] },
    maxBatchSize: batch,
    maxQueueDelayMs: 2,
    executionProviders: [ep],
  });
  const body = JSON.stringify({ model: 'sr-gpu', image: (await photo(side)).toString('base64'), scale });
  const pool = await startPool(repo, { GPU_POOL_MODEL_NAMES: 'sr-gpu' });
  const rows: string[][] = [];
  let best = 0;
  try {
    for (const concurrency of [batch, 2 * batch, 4 * batch]) {
      const r = await load(pool.port, body, concurrency);
      best = Math.max(best, r.imagesPerSecond);
      rows.push([
        `pool, HTTP, ${concurrency} clients`,
        fmt(r.imagesPerSecond, 1),
        fmt(r.p50, 1),
        fmt(r.p99, 1),
        fmt(r.meanBatch, 1),
      ]);
    }
  } finally {
    await pool.stop();
  }
  rows.push([
    `bare onnxruntime, batch ${batch}`,
    fmt(bare.imagesPerSecond, 1),
    fmt(bare.msPerBatch, 1),
    '–',
    String(batch),
  ]);
  const torch = process.env.GPU_BENCH_TORCH_JSON
    ? (JSON.parse(readFileSync(process.env.GPU_BENCH_TORCH_JSON, 'utf8')) as Record<
        string,
        { imagesPerSecond: number; msPerBatch: number }
      >)
    : {};
  for (const [precision, t] of Object.entries(torch)) {
    if (t && typeof t === 'object' && 'imagesPerSecond' in t) {
      rows.push([
        `PyTorch ${precision} CUDA, batch ${batch}`,
        fmt(t.imagesPerSecond, 1),
        fmt(t.msPerBatch, 2),
        '–',
        String(batch),
      ]);
    }
  }
  out.push(
    table(
      `GPU: ${side}² PNG → ${side * scale}² through the pool (${ep}, one ${tile}² tile per request) vs bare sessions, ${seconds} s per row`,
      ['path', 'images/s', 'p50 ms', 'p99 ms', 'mean batch'],
      rows,
    ),
    `serving overhead at batch ${batch}: ${fmt((1 - best / bare.imagesPerSecond) * 100, 1)} % (target ≤ 10 %)`,
  );
}

if (gpu) await gpuBench();
else await cpuBench();
console.log(out.join('\n'));
if (process.env.BENCH_OUT_FILE) writeFileSync(process.env.BENCH_OUT_FILE, `${out.join('\n')}\n`);
process.exit(0);
