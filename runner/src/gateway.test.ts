import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { createMailer } from '@atelier/shared/mail/mailer';
import { createRedis } from '@atelier/shared/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './test-support/platform';

describe('public routes through the gateway', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.stop());

  it('GET /v1/status reports version, uptime and the health of every dependency', async () => {
    const res = await fetch(`${p.url}/v1/status`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      version: string;
      uptimeSeconds: number;
      checks: Record<string, { ok: boolean }>;
    };
    expect(body.status).toBe('ok');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(Object.keys(body.checks).sort()).toEqual(['postgres', 'rabbitmq', 'redis', 'storage']);
    expect(Object.values(body.checks).every((c) => c.ok)).toBe(true);
  });

  it('GET /v1/ops/events needs the operator token', async () => {
    const res = await fetch(`${p.url}/v1/ops/events`);
    expect(res.status).toBe(401);
    const wrong = await fetch(`${p.url}/v1/ops/events`, {
      headers: { authorization: 'Bearer not-the-token' },
    });
    expect(wrong.status).toBe(401);
  });

  it('GET /v1/ops/events lists and refuses bad parameters with 400', async () => {
    const auth = { authorization: `Bearer ${p.opsToken}` };
    const ok = await fetch(`${p.url}/v1/ops/events?type=dev.atelier.ops.probe.requested.v1&limit=5`, {
      headers: auth,
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ items: [], nextCursor: null });
    for (const q of [
      'since=yesterday',
      'limit=0',
      'limit=9999',
      'type=Not%20A%20Type',
      'cursor=abc',
      'bogus=1',
    ]) {
      const res = await fetch(`${p.url}/v1/ops/events?${q}`, { headers: auth });
      expect(res.status, q).toBe(400);
      const body = (await res.json()) as { error: { code: string; details: unknown[] } };
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details.length).toBeGreaterThan(0);
    }
  });

  it('refuses to start a second platform on a port in use, naming the setting to change', async () => {
    await expect(startTestPlatform({ GATEWAY_PORT: String(p.runner.port) })).rejects.toThrow(
      /GATEWAY_PORT \d+ is already in use/,
    );
  });

  it('accepts the operator token whatever the case of the Bearer scheme', async () => {
    const res = await fetch(`${p.url}/v1/ops/events`, { headers: { authorization: `bearer ${p.opsToken}` } });
    expect(res.status).toBe(200);
  });

  it('serves the dev mailbox as JSON and as an escaped page', async () => {
    const redis = createRedis({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
    const to = `${randomUUID()}@example.test`;
    await createMailer({ MAIL_FROM: 'no-reply@atelier.local', MAILBOX_KEY: p.env.MAILBOX_KEY }, redis).send({
      to,
      subject: '<b>Hi</b>',
      text: 'Go to http://127.0.0.1/x',
    });
    await redis.quit();
    const api = (await (await fetch(`${p.url}/dev/mail/api?to=${encodeURIComponent(to)}`)).json()) as {
      items: Array<{ subject: string }>;
    };
    expect(api.items.map((m) => m.subject)).toEqual(['<b>Hi</b>']);
    const page = await (await fetch(`${p.url}/dev/mail?to=${encodeURIComponent(to)}`)).text();
    expect(page).toContain('&lt;b&gt;Hi&lt;/b&gt;');
    expect(page).toContain('<a href="http://127.0.0.1/x">');
  });

  it('keeps every spelling of a function’s event and metrics paths away from the public', async () => {
    // Raw requests: fetch() would normalise the dot segments before sending.
    const raw = (method: string, path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: p.runner.port,
            method,
            path,
            headers: {
              'content-type': 'application/json',
              'ce-specversion': '1.0',
              'ce-id': randomUUID(),
              'ce-source': 'evil',
              'ce-type': 'dev.atelier.ops.probe.requested.v1',
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(method === 'POST' ? '{"note":"forged"}' : undefined);
      });
    for (const path of [
      '/function/audit/_/events',
      '/function/audit//_/events',
      '/function/audit/%5F/events',
      '/function/audit/_%2Fevents',
      '/function/audit/x/../_/events',
      '/v1/ops/events/../../_/events',
      '/function/audit/_/metrics',
    ]) {
      expect(await raw('POST', path), path).toBe(404);
    }
    expect(await raw('GET', '/function/status/_/health')).toBe(200);
  });

  it('propagates the caller request id and trace id', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const res = await fetch(`${p.url}/v1/status`, { headers: { 'x-request-id': 'req-123', traceparent } });
    expect(res.headers.get('x-request-id')).toBe('req-123');
  });

  it('tunnels an upgrade (WebSocket) to the function and back, byte for byte', async () => {
    const upgrade = (path: string, protocol: string) =>
      new Promise<{ status: number; socket?: import('node:stream').Duplex }>((resolve, reject) => {
        const { port } = new URL(p.url);
        const req = request({
          host: '127.0.0.1',
          port,
          path,
          headers: { connection: 'upgrade', upgrade: protocol },
        });
        req.on('upgrade', (res, socket) => resolve({ status: res.statusCode ?? 0, socket }));
        req.on('response', (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0 });
        });
        req.on('error', reject);
        req.end();
      });
    const { status, socket } = await upgrade('/hello', 'echo');
    expect(status).toBe(101);
    const echoed = new Promise<string>((resolve) =>
      socket!.once('data', (d: Buffer) => resolve(d.toString())),
    );
    socket!.write('ping through the gateway');
    expect(await echoed).toBe('ping through the gateway');
    // While the socket is open the function counts as busy (never scaled to zero under a live connection).
    expect(p.runner.instances.get('hello')!.state).toBe('ready');
    socket!.destroy();
    // The function's refusal comes back as it is; unknown routes and internal paths are 404.
    expect((await upgrade('/hello', 'other')).status).toBe(400);
    expect((await upgrade('/nowhere', 'echo')).status).toBe(404);
    expect((await upgrade('/function/hello/_/events', 'echo')).status).toBe(404);
  });
});
