/**
 * What the pool serves: a loaded model that runs a batch of same-shaped items in one call. Every
 * runtime (tfjs on wasm, onnxruntime-node on cpu / webgpu / cuda) is an adapter to this; the batcher,
 * the routes and the metrics only see this interface.
 */
export type Runtime = 'tfjs' | 'onnx';
export type ExecutionProvider = 'wasm' | 'cpu' | 'webgpu' | 'cuda';

export interface TensorSpec {
  /** Tensor name in the graph (ONNX); informative for tfjs. */
  name?: string | undefined;
  /** Shape of ONE item, without the batch dimension, e.g. [128, 128, 3] (NHWC) or [3, 224, 224] (NCHW). */
  shape: number[];
}

export interface LoadedModel {
  /** `<name>` as clients ask for it (OpenAI's `model`), and the repository version it came from. */
  name: string;
  version: string;
  task: ModelTask;
  runtime: Runtime;
  /** The provider actually in use after fallback (reported by /v1/models and the metrics). */
  executionProvider: ExecutionProvider;
  input: TensorSpec;
  output: TensorSpec;
  maxBatchSize: number;
  maxQueueDelayMs: number;
  /** Runs items (each of `input.shape`, float32, already pre-processed) as one batch; one output each. */
  runBatch(items: Float32Array[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

export type ModelTask = 'upscale' | 'moderation' | 'image-to-image' | 'image-classification' | 'generation';
