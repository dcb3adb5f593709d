import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@atelier/shared/log';
import type { FunctionInstance } from './function-instance';
import type { RunnerMetrics } from './metrics';
import { serveWebApp } from './static-files';

export interface GatewayOptions {
  instances: Map<string, FunctionInstance>;
  routes: Array<{ prefix: string; fn: string }>;
  timeouts: Map<string, number>;
  metrics: RunnerMetrics;
  log: Logger;
  webRoot?: string;
  /** Origin of the S3-compatible store browsers upload to (presigned PUTs), allowed by the app's CSP. */
  storageOrigin?: string | undefined;
  /** Extra handlers the runner mounts (health, metrics, dev pages). Return true when handled. */
  local?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
}

/**
 * A function's `/_/…` paths are for the platform (event delivery, metrics), not the public: through
 * `/function/<name>/…` only `/_/health` is open. The path is canonicalised first (percent-decoding,
 * dot segments, repeated slashes) so no spelling of `/_/events` slips through.
 */
export function isInternalPath(path: string): boolean {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(path, 'http://gateway').pathname);
  } catch {
    return true; // undecodable: refuse rather than guess
  }
  const canonical = new URL(pathname.replace(/\/{2,}/g, '/'), 'http://gateway').pathname.replace(
    /\/{2,}/g,
    '/',
  );
  return canonical.startsWith('/_/') && canonical !== '/_/health';
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade'];

export function problem(res: ServerResponse, status: number, code: string, message: string) {
  if (res.headersSent) return res.destroy();
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The gateway's server, whose routes table an edited stack.yml replaces while it runs. */
export interface Gateway extends Server {
  setRoutes(routes: Array<{ prefix: string; fn: string }>): void;
}

/**
 * The gateway: public routes from stack.yml, OpenFaaS-style /function/<name>/…, the web app at /.
 * A plain streaming proxy over keep-alive sockets: bodies are piped, never buffered.
 */
export function createGateway(opts: GatewayOptions): Gateway {
  // Longest prefix first so /v1/ops/events wins over /v1.
  const sorted = (table: Array<{ prefix: string; fn: string }>) =>
    [...table].sort((a, b) => b.prefix.length - a.prefix.length);
  let routes = sorted(opts.routes);
  const { invocations, seconds, started } = opts.metrics;
  // Label children cached per (function, status): prom-client's labels() hashes its arguments each call.
  const children = new Map<string, { count: { inc(): void }; time: { observe(v: number): void } }>();
  const startedChildren = new Map<string, { inc(): void }>();
  const record = (fn: string, code: number, seconds0: number) => {
    const key = `${fn}\0${code}`;
    let c = children.get(key);
    if (!c) {
      c = { count: invocations.labels(fn, String(code)), time: seconds.labels(fn, String(code)) };
      children.set(key, c);
    }
    c.count.inc();
    c.time.observe(seconds0);
  };

  function resolveTarget(url: string): { fn: string; path: string } | undefined {
    if (url.startsWith('/function/')) {
      const rest = url.slice(10);
      const slash = rest.search(/[/?]/);
      const fn = slash === -1 ? rest : rest.slice(0, slash);
      const path = slash === -1 ? '/' : rest[slash] === '?' ? `/${rest.slice(slash)}` : rest.slice(slash);
      return { fn, path };
    }
    for (const r of routes) {
      if (
        url.startsWith(r.prefix) &&
        (url.length === r.prefix.length || '/?'.includes(url[r.prefix.length]!))
      ) {
        return { fn: r.fn, path: url };
      }
    }
    return undefined;
  }

  async function proxy(req: IncomingMessage, res: ServerResponse, instance: FunctionInstance, path: string) {
    const t0 = performance.now();
    const fn = instance.name;
    let startedChild = startedChildren.get(fn);
    if (!startedChild) {
      startedChild = started.labels(fn);
      startedChildren.set(fn, startedChild);
    }
    startedChild.inc();
    let port: number;
    try {
      port = await instance.acquire();
    } catch (err) {
      opts.log.error({ function: fn, err: (err as Error).message }, 'function failed to start');
      record(fn, 503, (performance.now() - t0) / 1000);
      return problem(res, 503, 'function_unavailable', `Function ${fn} could not be started`);
    }
    let done = false;
    const finish = (code: number) => {
      if (done) return;
      done = true;
      instance.release();
      record(fn, code, (performance.now() - t0) / 1000);
    };
    const headers = { ...req.headers };
    for (const h of HOP_BY_HOP) delete headers[h];
    headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
    headers['x-forwarded-host'] = req.headers.host ?? '';
    const upstream = request(
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path,
        headers,
        agent: instance.agent,
        timeout: opts.timeouts.get(fn) ?? 30_000,
      },
      (up) => {
        if ((up.statusCode ?? 502) >= 500)
          instance.noteError(`HTTP ${up.statusCode} on ${req.method} ${path.split('?')[0]}`);
        const out = { ...up.headers };
        for (const h of HOP_BY_HOP) delete out[h];
        // The function answered before reading the whole body (e.g. 413): close this connection after the
        // answer, or the client's unsent remainder would block the next request on it.
        if (!req.complete) out.connection = 'close';
        res.writeHead(up.statusCode ?? 502, out);
        up.pipe(res);
        up.on('end', () => finish(up.statusCode ?? 502));
        up.on('error', () => finish(502));
      },
    );
    upstream.on('timeout', () => {
      instance.noteError(`timed out on ${req.method} ${path.split('?')[0]}`);
      upstream.destroy();
      finish(504);
      problem(res, 504, 'function_timeout', `Function ${fn} did not answer in time`);
    });
    upstream.on('error', (err) => {
      if (done) return;
      finish(502);
      instance.noteError(`upstream error: ${err.message}`);
      opts.log.warn({ function: fn, err: err.message }, 'upstream error');
      problem(res, 502, 'bad_gateway', `Function ${fn} failed to answer`);
    });
    res.on('close', () => {
      if (!done) {
        upstream.destroy();
        finish(499);
      }
    });
    req.pipe(upstream);
  }

  /**
   * WebSocket (and any other HTTP/1.1 upgrade) to a function, e.g. collab's Yjs rooms: the handshake is
   * forwarded, then bytes flow both ways untouched. The instance counts as busy while the socket is open,
   * so it is not scaled to zero under a live connection.
   */
  async function tunnel(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    instance: FunctionInstance,
    path: string,
  ) {
    const t0 = performance.now();
    const fn = instance.name;
    let port: number;
    try {
      port = await instance.acquire();
    } catch {
      record(fn, 503, (performance.now() - t0) / 1000);
      return refuse(socket, 503, 'Service Unavailable');
    }
    let released = false;
    const release = (code: number) => {
      if (released) return;
      released = true;
      instance.release();
      record(fn, code, (performance.now() - t0) / 1000);
    };
    const headers = { ...req.headers };
    delete headers['proxy-connection'];
    headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
    headers['x-forwarded-host'] = req.headers.host ?? '';
    const upstream = request({ host: '127.0.0.1', port, method: req.method, path, headers });
    upstream.on('upgrade', (upRes, upSocket, upHead) => {
      const lines = [`HTTP/1.1 ${upRes.statusCode ?? 101} ${upRes.statusMessage ?? 'Switching Protocols'}`];
      for (let i = 0; i < upRes.rawHeaders.length; i += 2)
        lines.push(`${upRes.rawHeaders[i]}: ${upRes.rawHeaders[i + 1]}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (upHead.length > 0) socket.write(upHead);
      if (head.length > 0) upSocket.write(head);
      upSocket.pipe(socket);
      socket.pipe(upSocket);
      const close = () => {
        upSocket.destroy();
        socket.destroy();
        release(101);
      };
      upSocket.on('close', close);
      socket.on('close', close);
      upSocket.on('error', close);
    });
    // The function refused the upgrade (401, 404, …): its answer goes back as it is.
    upstream.on('response', (upRes) => {
      const lines = [`HTTP/1.1 ${upRes.statusCode ?? 502} ${upRes.statusMessage ?? ''}`];
      for (let i = 0; i < upRes.rawHeaders.length; i += 2)
        if (!HOP_BY_HOP.includes(upRes.rawHeaders[i]!.toLowerCase()))
          lines.push(`${upRes.rawHeaders[i]}: ${upRes.rawHeaders[i + 1]}`);
      lines.push('connection: close');
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      upRes.pipe(socket);
      upRes.on('end', () => release(upRes.statusCode ?? 502));
    });
    upstream.on('error', () => {
      release(502);
      refuse(socket, 502, 'Bad Gateway');
    });
    socket.on('error', () => upstream.destroy());
    upstream.end();
  }

  const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    const url = req.url ?? '/';
    const target = resolveTarget(url);
    if (target) {
      const instance = opts.instances.get(target.fn);
      if (!instance) return problem(res, 404, 'not_found', `No function named ${target.fn}`);
      if (isInternalPath(target.path)) return problem(res, 404, 'not_found', 'No such route');
      void proxy(req, res, instance, target.path);
      return;
    }
    void (async () => {
      if (opts.local && (await opts.local(req, res))) return;
      if (opts.webRoot && serveWebApp(opts.webRoot, req, res, { storageOrigin: opts.storageOrigin })) return;
      problem(res, 404, 'not_found', 'No such route');
    })().catch((err) => {
      opts.log.error({ err: (err as Error).message }, 'gateway error');
      problem(res, 500, 'internal_error', 'Internal error');
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const target = resolveTarget(req.url ?? '/');
    const instance = target && opts.instances.get(target.fn);
    if (!target || !instance || isInternalPath(target.path)) return refuse(socket, 404, 'Not Found');
    void tunnel(req, socket, head, instance, target.path);
  });
  return Object.assign(server, {
    setRoutes(table: Array<{ prefix: string; fn: string }>) {
      routes = sorted(table);
    },
  });
}

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
function refuse(socket: Duplex, status: number, text: string) {
  if (!socket.writable) return socket.destroy();
  socket.end(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}
