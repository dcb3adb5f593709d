import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';

/** Fields that ride on every log line written inside a request or event. */
export interface LogContext {
  requestId?: string;
  traceparent?: string;
  traceId?: string;
  eventId?: string;
  eventType?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

export const runWithLogContext = <T>(ctx: LogContext, fn: () => T): T =>
  storage.run({ ...storage.getStore(), ...ctx }, fn);
export const currentLogContext = (): LogContext => storage.getStore() ?? {};

// Never log credentials: redact by key wherever they appear in a logged object.
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'apiKey',
  'api_key',
  'signature',
  'stripe-signature',
  'webhook-signature',
];
export const redactPaths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `headers["${k}"]`]);

export function createLogger(options: {
  name: string;
  level?: string;
  destination?: pino.DestinationStream;
}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { fn: options.name },
      redact: { paths: redactPaths, censor: '[redacted]' },
      mixin: () => ({ ...storage.getStore() }),
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

export type { Logger };
