import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ops } from '@atelier/shared/events/catalog';
import { createOutbox, type Outbox } from '@atelier/shared/events/outbox';
import { rabbitPublisher } from '@atelier/shared/events/publisher';
import { createRedis } from '@atelier/shared/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './build';
import type { StackStatus } from './stack-reload';
import { eventually, startTestPlatform, type TestPlatform } from './test-support/platform';
import { smallStack as stack } from './test-support/small-stack';

const PROBE = 'dev.atelier.ops.probe.requested.v1';

describe('stack.yml hot reload', () => {
  let p: TestPlatform;
  let dir: string;
  let file: string;
  let outbox: Outbox;
  const redis = createRedis({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
  const added = `reload-${randomBytes(3).toString('hex')}`;

  const health = async () =>
    ((await (await fetch(`${p.url}/_/health`)).json()) as { stack: StackStatus }).stack;
  /** Writes the file and waits until the runner has taken (or refused) it. */
  const edit = async (text: string, how: 'write' | 'rename' = 'write') => {
    const before = (await health()).lastAttempt?.at;
    if (how === 'rename') {
      writeFileSync(`${file}.tmp`, text);
      renameSync(`${file}.tmp`, file);
    } else writeFileSync(file, text);
    return eventually(async () => {
      const s = await health();
      return s.lastAttempt && s.lastAttempt.at !== before ? s : undefined;
    }, 20_000);
  };
  const hello = async () => {
    const res = await fetch(`${p.url}/hello`);
    return res.headers.get('content-type')?.includes('json')
      ? ((await res.json()) as { hello?: string })
      : {};
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atelier-reload-'));
    file = join(dir, 'stack.yml');
    writeFileSync(file, stack());
    p = await startTestPlatform({ STACK_FILE: file });
    outbox = createOutbox({
      db: p.db.db,
      publisher: rabbitPublisher({
        RABBITMQ_URL: p.env.RABBITMQ_URL!,
        EVENTS_EXCHANGE: p.env.EVENTS_EXCHANGE!,
      }),
      source: 'tests/hot-reload',
    });
  });
  afterAll(async () => {
    await p?.stop();
    await redis.quit();
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(repoRoot, 'dist', 'functions', added), { recursive: true, force: true });
  });

  it('a new route answers without a restart', async () => {
    expect((await hello()).hello).toBeUndefined();
    const s = await edit(stack({ helloRoute: '/hello' }));
    expect(s.lastAttempt).toMatchObject({ ok: true, changes: ['~ function hello: route'] });
    expect(s.generation).toBe(2);
    expect((await hello()).hello).toBe('world');
  });

  it('a new trigger delivers events; a removed one stops delivering', async () => {
    const publish = () =>
      outbox.transaction(async (tx, emit) => emit(tx, ops.opsProbeRequested, { note: 'ok' }));
    const log = (id: string) => redis.lrange(`flaky:log:${id}`, 0, -1);
    const s = await edit(stack({ helloRoute: '/hello', flakyTopic: PROBE }), 'rename');
    expect(s.lastAttempt?.ok).toBe(true);
    expect(p.runner.router.triggers.map((t) => t.id)).toEqual([`flaky:${PROBE}`]);
    const id = await publish();
    await eventually(async () => (await log(id)).length === 1, 15_000);

    await edit(stack({ helloRoute: '/hello' }));
    expect(p.runner.router.triggers).toEqual([]);
    const after = await publish();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await log(after)).toEqual([]);
  });

  it('an invalid edit is refused and reported, and the old stack keeps serving', async () => {
    const s = await edit(stack({ helloRoute: '/hello', concurrency: '0' }));
    expect(s.lastAttempt?.ok).toBe(false);
    expect(s.lastAttempt?.errors?.join('\n')).toMatch(
      /function "hello", field "annotations.atelier.dev\/concurrency"/,
    );
    expect((await hello()).hello).toBe('world');
    // `stack reload` after the watcher already refused the file says so, and fails.
    const reload = await promisify(execFile)(
      'node',
      ['--import', 'tsx', 'runner/src/cli/atelier.ts', 'stack', 'reload', '--url', p.url],
      { cwd: repoRoot, env: p.env },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(reload.code).toBe(1);
    expect(reload.stderr).toMatch(/refused; the runner keeps the old stack:[\s\S]*atelier.dev\/concurrency/);

    const broken = await edit('functions: [');
    expect(broken.lastAttempt?.errors?.[0]).toMatch(/not valid YAML/);
    const unknown = await edit(stack({ helloRoute: '/hello', flakyTopic: 'dev.atelier.nothing.v1' }));
    expect(unknown.lastAttempt?.errors?.[0]).toMatch(/not in the event catalogue/);
    expect((await hello()).hello).toBe('world');
    expect(p.runner.specs.map((x) => x.name)).toEqual(['hello', 'flaky']);
  });

  it('scaling and concurrency change in place, a new environment restarts; a new function is built and served, a removed one goes', async () => {
    const s = await edit(stack({ helloRoute: '/hello', concurrency: '3' }));
    expect(s.lastAttempt?.ok).toBe(true);
    expect(p.runner.instances.get('hello')!.spec.concurrency).toBe(3);

    // A changed environment restarts the function with it.
    const pid = ((await (await fetch(`${p.url}/hello`)).json()) as { pid: number }).pid;
    const env = await edit(stack({ helloRoute: '/hello', concurrency: '3', helloEnv: 'hi' }));
    expect(env.lastAttempt).toMatchObject({ ok: true, changes: ['~ function hello: environment'] });
    const after = ((await (await fetch(`${p.url}/hello`)).json()) as { pid: number }).pid;
    expect(after).not.toBe(pid);

    const extra = `  ${added}:
    lang: atelier-node20
    handler: ./runner/src/test-support/fixtures/hello
    image: test/hello:latest
`;
    const withNew = await edit(stack({ helloRoute: '/hello', concurrency: '3', helloEnv: 'hi', extra }));
    expect(withNew.lastAttempt).toMatchObject({ ok: true, changes: [`+ function ${added}`] });
    const res = await fetch(`${p.url}/function/${added}/hello`);
    expect(res.status).toBe(200);

    const removed = await edit(stack({ helloRoute: '/hello', concurrency: '3', helloEnv: 'hi' }));
    expect(removed.lastAttempt?.changes).toEqual([`- function ${added}`]);
    expect((await fetch(`${p.url}/function/${added}/hello`)).status).toBe(404);
    expect(p.runner.instances.has(added)).toBe(false);
  });
});
