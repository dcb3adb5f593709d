import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ConflictError, NotFoundError } from '../errors';
import { createLogger } from '../log';
import { createFunction } from './create-function';
import { parseJson, parseQuery } from './validate';

function logCapture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, log: createLogger({ name: 'test', level: 'debug', destination }) };
}

function testApp(checkOk = true) {
  const { log, lines } = logCapture();
  const { app } = createFunction({
    name: 'test',
    version: '1.2.3',
    log,
    bodyLimitBytes: 1000,
    checks: [
      {
        name: 'db',
        run: async () =>
          checkOk ? 1 : Promise.reject(Object.assign(new Error('down'), { code: 'ECONNREFUSED' })),
      },
    ],
  });
  app.post('/items', async (c) => c.json(await parseJson(c, z.object({ name: z.string().min(1) })), 201));
  app.get('/items', (c) => c.json(parseQuery(c, z.object({ limit: z.coerce.number().int().max(10) }))));
  app.get('/missing', () => {
    throw new NotFoundError('Project');
  });
  app.get('/conflict', () => {
    throw new ConflictError('Already selected', { state: 'completed' });
  });
  app.get('/boom', () => {
    throw Object.assign(new Error('select * from users where password = $1 -- params: hunter2'), {
      code: '42P01',
    });
  });
  app.get('/log', (c) => {
    c.get('log').info(
      { password: 'hunter2', headers: { authorization: 'Bearer abc' }, nested: { token: 't' } },
      'secret stuff',
    );
    return c.text('ok');
  });
  return { app, lines };
}

describe('createFunction', () => {
  it('serves health as ready only when every dependency answers', async () => {
    const ok = await testApp(true).app.request('/_/health');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      function: 'test',
      version: '1.2.3',
      status: 'ok',
      checks: { db: { ok: true } },
    });
    const down = await testApp(false).app.request('/_/health');
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({
      status: 'degraded',
      checks: { db: { ok: false, error: expect.stringContaining('ECONNREFUSED') } },
    });
  });

  it('serves Prometheus metrics including its own requests', async () => {
    const { app } = testApp();
    await app.request('/items?limit=1');
    const res = await app.request('/_/metrics');
    const text = await res.text();
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(text).toMatch(
      /http_requests_total\{method="GET",route="\/items",code="200",function_name="test"\} 1/,
    );
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('turns bad input into 400 problems with details, never 500', async () => {
    const { app } = testApp();
    const badJson = await app.request('/items', {
      method: 'POST',
      body: '{nope',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    const badBody = await app.request('/items', {
      method: 'POST',
      body: '{"name":""}',
      headers: { 'content-type': 'application/json' },
    });
    expect(badBody.status).toBe(400);
    expect(await badBody.json()).toMatchObject({
      error: { code: 'validation_failed', details: [{ path: 'name' }] },
    });
    const badQuery = await app.request('/items?limit=99');
    expect(badQuery.status).toBe(400);
  });

  it('refuses bodies over the limit with 413', async () => {
    const res = await testApp().app.request('/items', {
      method: 'POST',
      body: JSON.stringify({ name: 'x'.repeat(2000) }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('maps domain errors to their status and code, and unknown routes to 404', async () => {
    const { app } = testApp();
    expect((await app.request('/missing')).status).toBe(404);
    const conflict = await app.request('/conflict');
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({
      error: { code: 'conflict', details: { state: 'completed' } },
    });
    const none = await app.request('/nowhere');
    expect(none.status).toBe(404);
    expect(((await none.json()) as { error: { requestId: string } }).error.requestId).toBeTruthy();
  });

  it('answers unexpected failures with a bare 500 and logs no driver message or parameters', async () => {
    const { app, lines } = testApp();
    const res = await app.request('/boom');
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).not.toContain('hunter2');
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'internal_error', message: 'Internal error' } });
    const logged = JSON.stringify(lines);
    expect(logged).toContain('42P01');
    expect(logged).not.toContain('hunter2');
  });

  it('puts request id and trace on every line and redacts secrets', async () => {
    const { app, lines } = testApp();
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const res = await app.request('/log', { headers: { 'x-request-id': 'req-42', traceparent } });
    expect(res.headers.get('x-request-id')).toBe('req-42');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff'); // secure headers
    const line = lines.find((l) => l.msg === 'secret stuff')!;
    expect(line).toMatchObject({
      requestId: 'req-42',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      password: '[redacted]',
    });
    expect(line.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(JSON.stringify(line)).not.toContain('hunter2');
    expect(JSON.stringify(line)).not.toContain('Bearer abc');
    expect(JSON.stringify(line)).not.toContain('"t"');
  });
});
