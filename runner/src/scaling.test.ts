import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestPlatform, type TestPlatform } from './test-support/platform';

const alive = (pid: number | undefined) => {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('scale from zero and to zero', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform({ SCALE_TO_ZERO_AFTER_MS: '1500' });
  });
  afterAll(() => p?.stop());

  it('starts one process for 20 concurrent requests during a cold start, stops it when idle, starts again', async () => {
    const hello = p.runner.instances.get('hello')!;
    expect(hello.state).toBe('stopped');
    expect(hello.pid).toBeUndefined();

    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${p.url}/hello`).then((r) => r.json() as Promise<{ pid: number }>),
      ),
    );
    expect(answers).toHaveLength(20);
    const pids = new Set(answers.map((a) => a.pid));
    expect(pids.size).toBe(1);
    expect(hello.starts).toBe(1);
    const firstPid = [...pids][0] as number;
    expect(hello.pid).toBe(firstPid);
    expect(alive(firstPid)).toBe(true);

    await eventually(async () => hello.state === 'stopped', 10_000);
    await eventually(async () => !alive(firstPid), 5_000);

    const again = (await (await fetch(`${p.url}/hello`)).json()) as { pid: number };
    expect(again.pid).not.toBe(firstPid);
    expect(hello.starts).toBe(2);
  });

  it('records cold starts and invocations under OpenFaaS gateway metric names', async () => {
    await fetch(`${p.url}/hello`);
    const text = await (await fetch(`${p.url}/_/metrics`)).text();
    expect(text).toMatch(/gateway_function_invocation_total\{function_name="hello",code="200"\} \d+/);
    expect(text).toMatch(/atelier_cold_start_seconds_count\{function_name="hello"\} [1-9]/);
    expect(text).toContain('gateway_functions_seconds_bucket');
  });

  it('reaches a function through /function/<name>/ and streams bodies both ways', async () => {
    const body = 'x'.repeat(200_000);
    const res = await fetch(`${p.url}/function/hello/hello/echo`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(body);
  });

  it('refuses a body over the function limit with 413 and a code', async () => {
    const res = await fetch(`${p.url}/hello/echo`, { method: 'POST', body: 'x'.repeat(1_100_000) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('answers unknown API routes and functions with 404 problems', async () => {
    // Other unknown paths are the web app's client-side routes (static-files.test.ts).
    const a = await fetch(`${p.url}/v1/nope`);
    expect(a.status).toBe(404);
    expect(((await a.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const b = await fetch(`${p.url}/function/nope/x`);
    expect(b.status).toBe(404);
  });
});
