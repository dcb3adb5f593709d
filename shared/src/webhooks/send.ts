import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { type CheckedTarget, checkTarget, type TargetPolicy, TargetRefused } from './ssrf';

/** What one try gave: an answer (any status), a refusal by the SSRF rules, or a network failure. */
export type TryResult =
  | { kind: 'response'; status: number; latencyMs: number }
  | { kind: 'refused'; error: string; latencyMs: number }
  | { kind: 'network'; error: string; timedOut: boolean; latencyMs: number };

/** Read and thrown away: a receiver's answer body is not kept, and not read past this. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** A lookup that only ever answers the checked address, whatever name it is asked about. */
export function pinnedLookup(target: Pick<CheckedTarget, 'address' | 'family'>): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

/**
 * One POST of a webhook: the URL is checked (and its host resolved) now, the connection goes to the
 * checked address only (pinned lookup; TLS still verifies the certificate for the host name),
 * redirects are never followed (a 3xx is just the answer), and the whole try — lookup, connect,
 * answer — gives up after `timeoutMs`.
 */
export async function postWebhook(opts: {
  url: string;
  headers: Record<string, string>;
  body: string;
  policy: TargetPolicy;
  timeoutMs: number;
  userAgent?: string;
}): Promise<TryResult> {
  const t0 = performance.now();
  const elapsed = () => Math.round(performance.now() - t0);
  const deadline = AbortSignal.timeout(opts.timeoutMs);
  const late = new Promise<never>((_, reject) =>
    deadline.addEventListener('abort', () => reject(new Error('timed out resolving the host')), {
      once: true,
    }),
  );
  late.catch(() => {});
  let target: CheckedTarget;
  try {
    target = await Promise.race([checkTarget(opts.url, opts.policy), late]);
  } catch (err) {
    if (err instanceof TargetRefused) return { kind: 'refused', error: err.message, latencyMs: elapsed() };
    return {
      kind: 'network',
      error: (err as Error).message,
      timedOut: deadline.aborted,
      latencyMs: elapsed(),
    };
  }
  const mod = target.url.protocol === 'https:' ? https : http;
  return new Promise<TryResult>((resolve) => {
    let settled = false;
    const finish = (r: TryResult) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    const req = mod.request(
      {
        host: target.host,
        port: target.port,
        path: `${target.url.pathname}${target.url.search}`,
        method: 'POST',
        agent: false,
        lookup: pinnedLookup(target),
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(opts.body),
          'user-agent': opts.userAgent ?? 'Atelier-Webhooks/1',
          ...opts.headers,
        },
        signal: deadline,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        const done = () => finish({ kind: 'response', status, latencyMs: elapsed() });
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      const timedOut = deadline.aborted;
      finish({
        kind: 'network',
        error: timedOut ? `no answer within ${opts.timeoutMs} ms` : describe(err),
        timedOut,
        latencyMs: elapsed(),
      });
    });
    req.end(opts.body);
  });
}

function describe(err: NodeJS.ErrnoException): string {
  const code = err.code ? `${err.code}: ` : '';
  return `${code}${err.message}`.slice(0, 500);
}
