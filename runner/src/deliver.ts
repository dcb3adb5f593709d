import { request } from 'node:http';
import { EVENTS_PATH } from '@atelier/shared/events/consumer';
import type { FunctionInstance } from './function-instance';

/** POSTs one CloudEvent (binary mode) to a function, starting it if it is at zero. Resolves with the status. */
export async function postEvent(
  instance: FunctionInstance,
  headers: Record<string, string>,
  body: Buffer | string,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  const port = await instance.acquire();
  try {
    return await new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: EVENTS_PATH,
          agent: instance.agent,
          timeout: timeoutMs,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8').slice(0, 2000),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  } finally {
    instance.release();
  }
}
