import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { EventRouter } from './event-router';
import type { FunctionInstance } from './function-instance';
import type { StackReloader } from './stack-reload';

export interface OpsApiOptions {
  secretsDir: string;
  instances: Map<string, FunctionInstance>;
  reloader: StackReloader;
  router: EventRouter;
  /** Rotates the access-token signing key (the local flavour of `atelier keys rotate`). */
  rotateKeys?: () => Promise<unknown>;
}

/** One row of `atelier functions ps`. */
export interface FunctionRow {
  name: string;
  /** running = busy now; idle = ready with nothing in flight; starting, stopping, stopped. */
  state: 'running' | 'idle' | 'starting' | 'stopping' | 'stopped';
  kind: 'long-running' | 'scale-to-zero';
  /** Replicas now (the local runner runs at most one). */
  instances: number;
  inflight: number;
  pid?: number | undefined;
  port?: number | undefined;
  coldStarts: number;
  lastColdStartMs?: number | undefined;
  startedAt?: string | undefined;
  idleAfterMs: number;
  routes: string[];
  triggers: string[];
  schedule?: string | undefined;
  lastError?: { at: string; message: string } | undefined;
}

export function functionRows(instances: Map<string, FunctionInstance>): FunctionRow[] {
  return [...instances.values()]
    .map((i): FunctionRow => {
      const s = i.spec;
      const up = i.state === 'ready';
      return {
        name: i.name,
        state: i.state === 'ready' ? (i.inflight > 0 ? 'running' : 'idle') : i.state,
        kind: s.longRunning ? 'long-running' : 'scale-to-zero',
        instances: up ? 1 : 0,
        inflight: i.inflight,
        pid: up ? i.pid : undefined,
        port: up ? i.port : undefined,
        coldStarts: i.starts,
        lastColdStartMs: i.starts > 0 ? +i.lastColdStartMs.toFixed(1) : undefined,
        startedAt: up && i.lastStartedAt ? new Date(i.lastStartedAt).toISOString() : undefined,
        idleAfterMs: i.idleMs,
        routes: s.routes,
        triggers: s.topics,
        schedule: s.schedule,
        lastError: i.lastError,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The runner's operator endpoints under `/_/ops/`, behind the ops token (`Authorization: Bearer`, the
 * `ops-token` secret): what `npm run atelier -- functions ps` and `stack reload` read.
 */
export function createOpsApi(opts: OpsApiOptions) {
  const authorised = (req: IncomingMessage) => {
    const given = Buffer.from(/^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim() ?? '');
    let token: Buffer;
    try {
      token = Buffer.from(readFileSync(join(opts.secretsDir, 'ops-token'), 'utf8').trim());
    } catch {
      return false;
    }
    return token.length > 0 && given.length === token.length && timingSafeEqual(given, token);
  };
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? '').split('?')[0]!;
    if (!path.startsWith('/_/ops/')) return false;
    if (!authorised(req)) {
      send(res, 401, { error: { code: 'unauthorized', message: 'the ops token is required' } });
      return true;
    }
    const route = `${req.method} ${path}`;
    if (route === 'GET /_/ops/functions') {
      send(res, 200, { functions: functionRows(opts.instances), stack: opts.reloader.status });
    } else if (route === 'GET /_/ops/stack') {
      send(res, 200, {
        ...opts.reloader.status,
        functions: opts.reloader.current.map((s) => s.name),
        triggers: opts.router.triggers.map((t) => t.id),
      });
    } else if (route === 'POST /_/ops/stack/reload') {
      const attempt = await opts.reloader.reload();
      send(res, 200, { attempt: attempt ?? null, stack: opts.reloader.status });
    } else if (route === 'POST /_/ops/keys/rotate' && opts.rotateKeys) {
      send(res, 200, await opts.rotateKeys());
    } else {
      send(res, 404, { error: { code: 'not_found', message: 'No such ops route' } });
    }
    return true;
  };
}
