import { int, z } from '@atelier/shared/config';
import type { Logger } from '@atelier/shared/log';
import type { ExecutionProvider } from './types';

/**
 * Which execution provider (EP) runs a model. The config's `executionProviders` wins; otherwise the
 * pool-wide default from GPU_POOL_EXECUTION_PROVIDERS. Each is tried in order and the first that
 * creates a session is used, so one config serves a GPU node (webgpu or cuda) and a CPU node alike.
 */
export const onnxProviders = ['webgpu', 'cuda', 'cpu'] as const satisfies readonly ExecutionProvider[];

const providerList = z.pipe(
  z.string(),
  z.transform((s, ctx) => {
    const list = s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const bad = list.filter((p) => !['wasm', 'cpu', 'webgpu', 'cuda'].includes(p));
    if (list.length === 0 || bad.length > 0) {
      ctx.issues.push({
        code: 'custom',
        input: s,
        message: `unknown execution provider(s): ${bad.join(', ')}`,
      });
    }
    return list as ExecutionProvider[];
  }),
);

/** The pool's runtime settings, for main's `loadConfig` (config is parsed once, in one place). */
export const runtimeEnv = {
  /**
   * Default order when a model's config names none. `cpu` alone by default: a webgpu attempt on a
   * machine without a GPU costs a Dawn start-up and a Vulkan warning on stderr for nothing.
   */
  GPU_POOL_EXECUTION_PROVIDERS: z._default(providerList, ['cpu'] as ExecutionProvider[]),
  /** onnxruntime's intra-op threads on the cpu EP; 0 = onnxruntime's default (one per core). */
  GPU_POOL_CPU_THREADS: z._default(int(0, 1024), 0),
};

export interface ProviderFailure {
  provider: ExecutionProvider;
  reason: string;
}

/**
 * Tries `attempt` with each provider in order; returns the first success with the failures before it,
 * each logged with its reason. Throws `AllProvidersFailed` (carrying every reason) if none worked.
 */
export async function firstWorkingProvider<T>(
  providers: readonly ExecutionProvider[],
  attempt: (provider: ExecutionProvider) => Promise<T>,
  log?: Pick<Logger, 'warn'>,
  subject = 'model',
): Promise<{ value: T; provider: ExecutionProvider; failures: ProviderFailure[] }> {
  const failures: ProviderFailure[] = [];
  for (const provider of providers) {
    try {
      return { value: await attempt(provider), provider, failures };
    } catch (err) {
      const reason = oneLine(err);
      failures.push({ provider, reason });
      log?.warn({ subject, provider, reason }, `execution provider ${provider} failed for ${subject}`);
    }
  }
  throw new AllProvidersFailed(failures);
}

export class AllProvidersFailed extends Error {
  constructor(public readonly failures: ProviderFailure[]) {
    super(failures.map((f) => `${f.provider}: ${f.reason}`).join('; ') || 'no execution provider configured');
    this.name = 'AllProvidersFailed';
  }
}

/** onnxruntime's messages carry a source path and a stack of C++ frames; keep the readable part. */
function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const last = lines.at(-1) ?? text;
  // ".../webgpu_context.cc:136 ... was false. Failed to get a WebGPU adapter: No supported adapters"
  const sentence = /(?:false\.|\] :?)\s*(.+)$/.exec(last)?.[1] ?? last;
  return sentence.length > 300 ? `${sentence.slice(0, 297)}...` : sentence;
}
