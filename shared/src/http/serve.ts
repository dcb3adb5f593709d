import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Logger } from '../log';
import { runAfterReady } from './lifecycle';

/**
 * Runs a function's app the same way everywhere: on $PORT (Knative), on $http_port behind of-watchdog
 * (OpenFaaS), or on the port the local runner assigns, telling the runner over IPC once it listens.
 */
export function startServer(
  app: Hono,
  opts: {
    port?: number | undefined;
    log: Logger;
    onShutdown?: () => Promise<void>;
    /** Called with the Node server before it listens, e.g. to take WebSocket upgrades (collab). */
    attach?: (server: Server) => void;
  },
): Promise<number> {
  return new Promise((resolve) => {
    const server = serve(
      { fetch: app.fetch, port: opts.port ?? 8080, hostname: '127.0.0.1' },
      (info: AddressInfo) => {
        process.send?.({ type: 'ready', port: info.port });
        runAfterReady();
        resolve(info.port);
      },
    );
    // Longer than the gateway's idle keep-alive so the gateway, not us, closes idle sockets.
    (server as Server).keepAliveTimeout = 65_000;
    opts.attach?.(server as Server);
    const stop = async (signal: string) => {
      opts.log.info({ signal }, 'shutting down');
      server.close();
      await opts.onShutdown?.().catch(() => {});
      process.exit(0);
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    // Under the local runner: if the runner dies, do not linger as an orphan holding a port.
    if (process.send) process.once('disconnect', () => void stop('runner gone'));
    process.once('SIGINT', () => void stop('SIGINT'));
  });
}
