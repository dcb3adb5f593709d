import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// zod/mini: config is parsed on every cold start, and the full zod API costs ~45 ms to load here.
import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';

/**
 * Typed configuration. Each function combines only the pieces it uses and parses once at start.
 * A value comes from the environment or, as under OpenFaaS/Knative, from a secret file named
 * after the variable in kebab case: DATABASE_URL -> /var/openfaas/secrets/database-url.
 */

export const int = (min: number, max: number) =>
  z.pipe(z.coerce.number(), z.int().check(z.minimum(min), z.maximum(max)));
export const bool = z.pipe(
  z.enum(['true', 'false', '1', '0']),
  z.transform((v) => v === 'true' || v === '1'),
);
const text = (prefix = '') => z.string().check(z.minLength(1), z.startsWith(prefix));

export const baseEnv = {
  NODE_ENV: z._default(z.enum(['development', 'test', 'production']), 'development'),
  LOG_LEVEL: z._default(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
  FUNCTION_NAME: z._default(z.string(), 'unknown'),
  APP_VERSION: z._default(z.string(), '0.1.0'),
  BODY_LIMIT_BYTES: z._default(int(1, 1024 ** 3), 1_048_576),
};

export const portEnv = {
  // Knative sets PORT; the OpenFaaS Node templates use http_port behind of-watchdog.
  PORT: z.optional(int(0, 65535)),
  http_port: z.optional(int(0, 65535)),
};

export const dbEnv = {
  DATABASE_URL: z._default(text('postgres'), 'postgres://postgres@127.0.0.1:5432/atelier'),
  DB_POOL_MAX: z._default(int(1, 50), 2),
};

export const redisEnv = {
  REDIS_URL: z._default(text('redis'), 'redis://127.0.0.1:6379'),
};

export const rabbitEnv = {
  RABBITMQ_URL: z._default(text('amqp'), 'amqp://guest:guest@127.0.0.1:5672'),
  EVENTS_EXCHANGE: z._default(text(), 'atelier.events'),
  // In a Knative cluster events go to the Broker ingress instead of RabbitMQ.
  K_SINK: z.optional(z.url()),
};

export const s3Env = {
  S3_ENDPOINT: z.optional(z.url()),
  S3_REGION: z._default(z.string(), 'us-east-1'),
  S3_BUCKET: z._default(z.string().check(z.minLength(3)), 'atelier'),
  S3_ACCESS_KEY_ID: z._default(z.string(), 'S3RVER'),
  S3_SECRET_ACCESS_KEY: z._default(z.string(), 'S3RVER'),
  S3_FORCE_PATH_STYLE: z._default(bool, true),
};

export const mailEnv = {
  // smtp://user:pass@host:587 or smtps://…; unset = the local mailbox at /dev/mail
  SMTP_URL: z.optional(z.string().check(z.regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL'))),
  MAIL_FROM: z._default(z.string().check(z.minLength(3)), 'Atelier <no-reply@atelier.local>'),
  /** Redis list of the dev mailbox; give each platform sharing a Redis its own. */
  MAILBOX_KEY: z._default(z.string().check(z.minLength(1)), 'dev:mailbox'),
};

/** What every function verifying access tokens needs (see shared/src/auth/verifier.ts). */
export const authEnv = {
  JWT_JWKS: z.optional(z.string().check(z.startsWith('{'))),
  AUTH_JWKS_URL: z.optional(z.url()),
  JWT_ISSUER: z._default(text(), 'atelier'),
  JWT_AUDIENCE: z._default(text(), 'atelier-api'),
  /**
   * Requests a minute one API key may make (docs/api.md). 0 turns the limit, the monthly quota and usage
   * counting off: only for measuring their cost (npm run bench:api).
   */
  API_RATE_LIMIT_PER_MINUTE: z._default(int(0, 10_000_000), 100),
  /** Prefix of the Redis keys of rate limits and usage counters. */
  RATE_LIMIT_NAMESPACE: z._default(z.string().check(z.minLength(1)), 'rl'),
};

/**
 * Payments (docs/billing.md). Each provider is on only when its credentials are set; the API URLs are
 * for a regional endpoint or a test double speaking the same protocol.
 */
export const stripeEnv = {
  STRIPE_SECRET_KEY: z.optional(text('sk_')),
  STRIPE_WEBHOOK_SECRET: z.optional(text('whsec_')),
  STRIPE_API_URL: z.optional(z.url()),
  /** The recurring Price ids of the self-serve plans (Team's is per seat). */
  STRIPE_PRICE_PRO: z.optional(text('price_')),
  STRIPE_PRICE_TEAM: z.optional(text('price_')),
};

export const paypalEnv = {
  PAYPAL_CLIENT_ID: z.optional(text()),
  PAYPAL_CLIENT_SECRET: z.optional(text()),
  PAYPAL_API_URL: z._default(z.url(), 'https://api-m.sandbox.paypal.com'),
  PAYPAL_WEBHOOK_ID: z.optional(text()),
  /** A pinned signing certificate (PEM): when set, PAYPAL-CERT-URL is never fetched. */
  PAYPAL_CERT_PEM: z.optional(text('-----BEGIN')),
  /** Roots a fetched certificate's chain must lead to (PEM bundle); the system's when unset. */
  PAYPAL_TRUSTED_ROOTS_PEM: z.optional(text('-----BEGIN')),
};

/** Dunning (docs/billing.md): how long a past-due subscription keeps paid work before suspension. */
export const dunningEnv = {
  DUNNING_GRACE_DAYS: z._default(int(0, 90), 14),
};

/** Where users land back after paying (Checkout success/cancel, PayPal approval). */
export const publicUrlEnv = {
  PUBLIC_URL: z._default(z.url(), 'http://127.0.0.1:8080'),
};

/**
 * Image generation (shared/src/ai). OpenAI is on when a key or a base URL is set (a local compatible
 * server may take no key); the gpu-pool upscales and moderates images when GPU_POOL_URL is set, and
 * generates only once it serves a text-to-image model. With none, samples are offline previews.
 */
export const aiEnv = {
  OPENAI_API_KEY: z.optional(text()),
  /** Any OpenAI-compatible server (…/v1); unset = OpenAI's API. */
  OPENAI_BASE_URL: z.optional(z.url()),
  OPENAI_IMAGE_MODEL: z._default(text(), 'gpt-image-1'),
  OPENAI_MODERATION_MODEL: z._default(text(), 'omni-moderation-latest'),
  /** A second OpenAI-compatible image server, tried after OpenAI (before it on Free). */
  OPENAI_COMPATIBLE_BASE_URL: z.optional(z.url()),
  OPENAI_COMPATIBLE_API_KEY: z.optional(text()),
  OPENAI_COMPATIBLE_IMAGE_MODEL: z.optional(text()),
  /** The pool's OpenAI-style base, e.g. http://127.0.0.1:8080/function/gpu-pool/v1. */
  GPU_POOL_URL: z.optional(z.url()),
  /** Per provider call (one try). */
  AI_TIMEOUT_MS: z._default(int(1000, 600_000), 60_000),
  /** Retries after the first try, per provider. */
  AI_RETRIES: z._default(int(0, 10), 3),
  AI_RETRY_BASE_MS: z._default(int(1, 60_000), 500),
  AI_BREAKER_OPEN_MS: z._default(int(100, 3_600_000), 30_000),
  /** Redis key prefix of the providers' circuit breakers (one per deployment sharing a Redis). */
  AI_BREAKER_PREFIX: z._default(text(), 'ai:breaker:'),
};

export { z };

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Shape = Record<string, $ZodType>;
export type Config<S extends Shape> = z.infer<z.ZodMiniObject<S>>;

export interface LoadOptions {
  env?: Record<string, string | undefined>;
  secretsDir?: string;
}

export const secretFileName = (key: string) => key.toLowerCase().replaceAll('_', '-');

/** Parses the given pieces from env and secret files; throws one ConfigError naming every bad setting. */
export function loadConfig<S extends Shape>(shape: S, options: LoadOptions = {}): Config<S> {
  const env = options.env ?? process.env;
  const secretsDir = options.secretsDir ?? env.SECRETS_DIR ?? '/var/openfaas/secrets';
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(shape)) {
    const fromEnv = env[key];
    if (fromEnv !== undefined && fromEnv !== '') {
      raw[key] = fromEnv;
      continue;
    }
    const file = join(secretsDir, secretFileName(key));
    // An empty secret file is an unset value (the local runner writes one for an absent credential).
    const value = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
    if (value !== '') raw[key] = value;
  }
  const result = z.object(shape).safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? '?');
        const shown = raw[key] === undefined ? 'missing' : 'invalid';
        return `${key} (${shown}): ${issue.message}`;
      }),
    );
  }
  return result.data as Config<S>;
}
