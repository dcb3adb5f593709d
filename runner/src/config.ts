import {
  authEnv,
  baseEnv,
  dbEnv,
  loadConfig,
  mailEnv,
  rabbitEnv,
  redisEnv,
  s3Env,
} from '@atelier/shared/config';
import * as z from 'zod';

/** Settings of the local runner itself (the table in the README lists them all). */
export const runnerEnv = {
  ...baseEnv,
  ...dbEnv,
  ...redisEnv,
  ...rabbitEnv,
  ...s3Env,
  ...mailEnv,
  JWT_ISSUER: authEnv.JWT_ISSUER,
  JWT_AUDIENCE: authEnv.JWT_AUDIENCE,
  /** Ed25519 PKCS#8 PEM that signs access tokens (secret jwt-private-key); generated into DATA_DIR when unset. */
  JWT_PRIVATE_KEY: z.string().optional(),
  /** Base URL of the platform as users reach it: links in emails point here (default: the gateway's). */
  PUBLIC_URL: z.url().optional(),
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  GATEWAY_HOST: z.string().default('127.0.0.1'),
  STACK_FILE: z.string().default('stack.yml'),
  DATA_DIR: z.string().default('.data'),
  S3_PORT: z.coerce.number().int().min(0).max(65535).default(9000),
  /** Overrides every function's com.openfaas.scale.zero-duration (handy in tests and demos). */
  SCALE_TO_ZERO_AFTER_MS: z.coerce.number().int().positive().optional(),
  OUTBOX_SWEEP_MS: z.coerce.number().int().positive().default(1000),
  START_SERVICES: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  OPS_TOKEN: z.string().min(24).optional(),
  /** Keep one booted Node.js process ready to load a function into (faster scale from zero). */
  WARM_POOL: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
};

/**
 * The AWS SDK warns on every process start that its 2027 releases need Node 22; we know (see the
 * README) and keep the warning out of every function's log.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export function loadRunnerConfig(env: Record<string, string | undefined> = process.env) {
  const config = loadConfig(runnerEnv, { env });
  // Another GATEWAY_PORT moves the links in emails with it, unless PUBLIC_URL says otherwise.
  const host = ['0.0.0.0', '::'].includes(config.GATEWAY_HOST) ? '127.0.0.1' : config.GATEWAY_HOST;
  const port = config.GATEWAY_PORT === 0 ? 8080 : config.GATEWAY_PORT;
  return { ...config, PUBLIC_URL: config.PUBLIC_URL ?? `http://${host}:${port}` };
}
export type RunnerConfig = ReturnType<typeof loadRunnerConfig>;
/** The environment the runner was started with, handed on to function processes. */
export const parentEnv = (): Record<string, string | undefined> => ({ ...process.env });
