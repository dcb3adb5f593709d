import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** The parsed body (Standard Webhooks: `{ type, timestamp, data }`). */
  payload: { type: string; timestamp: string; data: Record<string, unknown> };
  /** Whether the signature verified (bad ones are answered 401 and kept here too). */
  verified: boolean;
  status: number;
  headers: IncomingHttpHeaders;
}

export interface WebhookReceiver {
  url: string;
  port: number;
  /** Every request, in arrival order. */
  received: ReceivedWebhook[];
  /** The verified ones. */
  accepted(): ReceivedWebhook[];
  /**
   * What to answer next, one status per request in order, then `otherwise` (default 200). A status of
   * 0 never answers (a timeout for the sender).
   */
  respond(plan: number[], otherwise?: number): void;
  /** The secret signatures are checked against (`whsec_…`), set once the endpoint exists. */
  setSecret(secret: string): void;
  stop(): Promise<void>;
}

/**
 * A webhook receiver on 127.0.0.1 that checks every message with the `standardwebhooks` package (an
 * implementation independent of ours: signature and timestamp tolerance) and refuses bad ones with 401.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let verifier: Webhook | undefined;
  let plan: number[] = [];
  let otherwise = 200;
  const received: ReceivedWebhook[] = [];
  const hanging = new Set<import('node:http').ServerResponse>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      };
      let verified = false;
      try {
        verifier?.verify(body, headers);
        verified = verifier !== undefined;
      } catch {
        verified = false;
      }
      const planned = plan.length > 0 ? plan.shift()! : otherwise;
      const status = verified ? planned : 401;
      let payload: ReceivedWebhook['payload'];
      try {
        payload = JSON.parse(body) as ReceivedWebhook['payload'];
      } catch {
        payload = { type: '', timestamp: '', data: {} };
      }
      received.push({
        id: headers['webhook-id'],
        timestamp: headers['webhook-timestamp'],
        signature: headers['webhook-signature'],
        body,
        payload,
        verified,
        status,
        headers: req.headers,
      });
      if (status === 0) {
        hanging.add(res);
        return;
      }
      res.writeHead(status, { 'content-type': 'text/plain' }).end(verified ? 'ok' : 'bad signature');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    accepted: () => received.filter((r) => r.verified),
    respond(next, fallback = 200) {
      plan = [...next];
      otherwise = fallback;
    },
    setSecret(secret) {
      verifier = new Webhook(secret);
    },
    async stop() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
