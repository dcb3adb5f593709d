import type { Server } from 'node:http';
import { Hono } from 'hono';
import type { $ZodType } from 'zod/v4/core';
import { baseEnv, type Config, loadConfig, portEnv } from '../config';
import { createLogger, type Logger } from '../log';
import { initTracing, shutdownTracing } from '../tracing';
import { runMain } from './main';
import { startServer } from './serve';

type Shape = Record<string, $ZodType>;
type Base = typeof baseEnv & typeof portEnv;

export interface BootContext<S extends Shape> {
  config: Config<Base & S>;
  log: Logger;
  /** Registers something to close on SIGTERM (pools, clients, subscriptions), in any order. */
  onShutdown(close: () => Promise<unknown> | unknown): void;
}

/**
 * Every function's main.ts: parse the config it needs (plus the base and port pieces) once, make its
 * logger, let it build its app from real dependencies, and serve it; on SIGTERM close what it opened.
 */
export function bootFunction<S extends Shape>(
  name: string,
  shape: S,
  /** The app, or the app and what to attach to its Node server (WebSocket upgrades). */
  build: (ctx: BootContext<S>) => Promise<Hono | { app: Hono; attach(server: Server): void }>,
): void {
  runMain(async () => {
    const config = loadConfig({ ...baseEnv, ...portEnv, ...shape }) as Config<Base & S>;
    // The generic type hides the base keys from the compiler; they are parsed like any other.
    const base = config as unknown as Config<Base>;
    const log = createLogger({ name, level: base.LOG_LEVEL });
    // Only with an OTLP endpoint configured: then the SDK is loaded before the first request, which is traced.
    await initTracing({ serviceName: name, version: base.APP_VERSION }).catch((err: Error) =>
      log.warn({ err: err.message }, 'tracing not started'),
    );
    const closers: Array<() => Promise<unknown> | unknown> = [];
    const built = await build({ config, log, onShutdown: (close) => closers.push(close) });
    const { app, attach } = built instanceof Hono ? { app: built, attach: undefined } : built;
    await startServer(app, {
      port: base.PORT ?? base.http_port,
      log,
      attach,
      onShutdown: async () => {
        await Promise.allSettled(closers.map(async (close) => close()));
        await shutdownTracing(); // flushes the last spans
      },
    });
  });
}
