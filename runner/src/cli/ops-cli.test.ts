import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadSigningKey } from '@atelier/shared/auth/keys';
import { createAccessTokenIssuer, createAccessTokenVerifier } from '@atelier/shared/auth/tokens';
import { outbox as outboxTable } from '@atelier/shared/db/schema';
import { ops } from '@atelier/shared/events/catalog';
import { createOutbox } from '@atelier/shared/events/outbox';
import { rabbitPublisher } from '@atelier/shared/events/publisher';
import { scratchDatabase } from '@atelier/shared/testing/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../build';
import { localJwks, rotateLocalKeys } from '../keys';
import { prepareSecrets } from '../secrets';
import { eventually, startTestPlatform, type TestPlatform } from '../test-support/platform';
import { smallStack } from '../test-support/small-stack';
import { functionsPs, opsRequest, outboxStatus, tailEvents } from './ops';
import { diffManifests, renderKnative, validateStack } from './stack';

const run = promisify(execFile);
const PROBE = 'dev.atelier.ops.probe.requested.v1';
const cli = (env: Record<string, string | undefined>, ...args: string[]) =>
  run('node', ['--import', 'tsx', 'runner/src/cli/atelier.ts', ...args], { cwd: repoRoot, env }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

describe('ops CLI: stack validate and stack diff', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('validates schema, catalogue and handler folders, with an exit code', async () => {
    const good = join(dir, 'good.yml');
    writeFileSync(good, smallStack({ helloRoute: '/hello', flakyTopic: PROBE }));
    expect(validateStack(repoRoot, good, {})).toMatchObject({ ok: true, problems: [] });

    const bad = join(dir, 'bad.yml');
    writeFileSync(
      bad,
      smallStack({ flakyTopic: 'dev.atelier.nothing.v1' }).replace(
        './runner/src/test-support/fixtures/hello',
        './functions/no-such',
      ),
    );
    expect(validateStack(repoRoot, bad, {}).problems).toEqual([
      'function "flaky", field "annotations.topic": dev.atelier.nothing.v1 is not in the event catalogue',
    ]);
    writeFileSync(
      bad,
      smallStack().replace('./runner/src/test-support/fixtures/hello', './functions/no-such'),
    );
    expect(validateStack(repoRoot, bad, {}).problems).toEqual([
      'function "hello", field "handler": no ./functions/no-such/src/main.ts',
    ]);

    const env = { ...process.env };
    const ok = await cli(env, 'stack', 'validate', '--file', good);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/is valid \(2 functions\)/);
    const refused = await cli(env, 'stack', 'validate', '--file', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('no ./functions/no-such/src/main.ts');
  });

  it('shows per object what an edit changes in knative/', async () => {
    const stackText = readFileSync(join(repoRoot, 'stack.yml'), 'utf8');
    const before = renderKnative(stackText);
    // status: at most 5 replicas, 10 s timeout → 7 replicas.
    const edited = stackText.replace(
      /(\n {2}status:\n(?: {4}.*\n)*? {6}com\.openfaas\.scale\.max: )"5"/,
      '$1"7"',
    );
    expect(edited).not.toBe(stackText);
    const diffs = diffManifests(before, renderKnative(edited));
    expect(diffs).toHaveLength(1);
    expect(diffs[0]).toMatchObject({
      change: '~',
      object: 'Service atelier/status',
      file: 'knative/services.yaml',
    });
    expect(diffs[0]!.lines.join('\n')).toMatch(/max-scale: "5" → "7"/);
    expect(diffManifests(before, before)).toEqual([]);

    const other = join(dir, 'edited.yml');
    writeFileSync(other, edited);
    const res = await cli({ ...process.env }, 'stack', 'diff', '--against', other, '--exit-code');
    expect(res.code).toBe(1); // the working stack.yml lacks the edit
    expect(res.stdout).toMatch(/~ Service atelier\/status/);
    expect(res.stdout).toMatch(/1 changed, 0 added, 0 removed/);
  });
});

describe('ops CLI against a running platform', () => {
  let p: TestPlatform;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atelier-cli-'));
    writeFileSync(join(dir, 'stack.yml'), smallStack({ helloRoute: '/hello', flakyTopic: PROBE }));
    // flaky scales to zero quickly after its failed delivery (functions ps then shows it stopped).
    p = await startTestPlatform({ STACK_FILE: join(dir, 'stack.yml'), SCALE_TO_ZERO_AFTER_MS: '1500' });
  });
  afterAll(async () => {
    await p?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('functions ps shows state, cold starts and the last error; the ops token is required', async () => {
    const target = { url: p.url, token: p.opsToken };
    expect((await fetch(`${p.url}/hello`)).status).toBe(200);
    // A delivery flaky fails on: its last error.
    const outbox = createOutbox({
      db: p.db.db,
      publisher: rabbitPublisher({
        RABBITMQ_URL: p.env.RABBITMQ_URL!,
        EVENTS_EXCHANGE: p.env.EVENTS_EXCHANGE!,
      }),
      source: 'tests/ops-cli',
    });
    await outbox.transaction(async (tx, emit) => emit(tx, ops.opsProbeRequested, { note: 'always' }));
    await eventually(async () => p.runner.instances.get('flaky')!.lastError);
    await eventually(async () => p.runner.instances.get('flaky')!.state === 'stopped', 20_000);
    expect((await fetch(`${p.url}/hello`)).status).toBe(200);
    const out = await functionsPs(target);
    expect(out).toMatch(/^NAME\s+STATE\s+KIND/);
    expect(out).toMatch(/\nhello\s+idle\s+scale-to-zero\s+1\s+0\s+\d\s+\d+ ms\s+\d+s ago\s+-/);
    expect(out).toMatch(
      /\nflaky\s+stopped\s+scale-to-zero\s+0\s+0\s+1\s+\d+ ms\s+-\s+\d+s ago: event dev\.atelier\.ops\.probe\.requested\.v1 \S+: 5\d\d/,
    );
    await expect(opsRequest({ url: p.url, token: 'x'.repeat(30) }, '/_/ops/functions')).rejects.toThrow(
      /refused the ops token/,
    );
    const reload = await cli(p.env, 'stack', 'reload', '--url', p.url);
    expect(reload.stdout).toMatch(/stack.yml unchanged since the last reload \(generation 1\)/);
    const cliOut = await cli(p.env, 'functions', 'ps', '--url', p.url);
    expect(cliOut.stdout).toMatch(/\nhello\s+(idle|stopped)/);
  });

  it('events tail follows events of a type as they are published', async () => {
    const lines: string[] = [];
    let ready: () => void = () => {};
    const bound = new Promise<void>((r) => {
      ready = r;
    });
    const tail = tailEvents({
      url: p.env.RABBITMQ_URL!,
      exchange: p.env.EVENTS_EXCHANGE!,
      types: [PROBE],
      count: 1,
      write: (l) => lines.push(l),
      onReady: () => ready(),
    });
    await bound;
    const outbox = createOutbox({
      db: p.db.db,
      publisher: rabbitPublisher({
        RABBITMQ_URL: p.env.RABBITMQ_URL!,
        EVENTS_EXCHANGE: p.env.EVENTS_EXCHANGE!,
      }),
      source: 'tests/ops-cli',
    });
    const id = await outbox.transaction(async (tx, emit) => emit(tx, ops.opsProbeRequested, { note: 'ok' }));
    expect(await tail).toBe(1);
    expect(lines[0]).toMatch(
      new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\S+  ${PROBE.replaceAll('.', '\\.')}  tests/ops-cli  ${id}`),
    );
  });

  it('keys rotate: a new key signs, the old one stays in the JWKS, running functions restart', async () => {
    const oldKey = await loadSigningKey(readFileSync(join(p.runner.secretsDir, 'jwt-private-key'), 'utf8'));
    await fetch(`${p.url}/hello`);
    const pid = p.runner.instances.get('hello')!.pid;
    const out = await cli(p.env, 'keys', 'rotate', '--url', p.url);
    expect(out.stdout).toMatch(
      new RegExp(`rotated: signing with \\S+; also in the JWKS until their tokens expire: ${oldKey.kid}`),
    );
    const set = await localJwks(p.runner.secretsDir);
    expect(set.keys.map((k) => k.kid)).toEqual([expect.not.stringMatching(oldKey.kid), oldKey.kid]);
    await eventually(
      async () =>
        p.runner.instances.get('hello')!.state !== 'ready' || p.runner.instances.get('hello')!.pid !== pid,
    );
    const body = (await (await fetch(`${p.url}/hello`)).json()) as { pid: number };
    expect(body.pid).not.toBe(pid);
  });
});

describe('keys rotate (local files) and outbox status', () => {
  it('tokens of the old key verify until they expire; the new key signs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atelier-keys-'));
    try {
      prepareSecrets(dir, ['jwt-private-key'], {}, { info() {} } as never);
      const settings = { issuer: 'atelier', audience: 'atelier-api' };
      const old = await loadSigningKey(readFileSync(join(dir, 'jwt-private-key'), 'utf8'));
      const { token } = await createAccessTokenIssuer(old, settings).issue('u1', 's1');
      const now = Date.now();
      const r = await rotateLocalKeys(dir, {}, now);
      expect(r.previous).toEqual([old.kid]);
      const fresh = await loadSigningKey(readFileSync(join(dir, 'jwt-private-key'), 'utf8'));
      expect(fresh.kid).toBe(r.kid);
      const verifier = createAccessTokenVerifier(await localJwks(dir, now), settings);
      expect((await verifier.verify(token)).userId).toBe('u1');
      const { token: next } = await createAccessTokenIssuer(fresh, settings).issue('u2', 's2');
      expect((await verifier.verify(next)).userId).toBe('u2');
      // 16 minutes on: the old public key has left the JWKS.
      expect((await localJwks(dir, now + 16 * 60_000)).keys.map((k) => k.kid)).toEqual([fresh.kid]);
      await expect(rotateLocalKeys(dir, { JWT_PRIVATE_KEY: 'x' })).rejects.toThrow(/JWT_PRIVATE_KEY is set/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('outbox status counts pending rows per type with the oldest age', async () => {
    const db = await scratchDatabase();
    try {
      expect(await outboxStatus(db)).toEqual({ pending: 0, oldestSeconds: 0, types: [] });
      const row = (type: string, ageS: number, published = false) => ({
        id: crypto.randomUUID(),
        type,
        source: 'tests',
        data: {},
        createdAt: new Date(Date.now() - ageS * 1000),
        publishedAt: published ? new Date() : null,
        attempts: 2,
        lastError: 'broker down',
      });
      await db.db
        .insert(outboxTable)
        .values([row('a.b.v1', 120), row('a.b.v1', 30), row('c.d.v1', 10), row('e.f.v1', 500, true)]);
      const s = await outboxStatus(db);
      expect(s.pending).toBe(3);
      expect(Math.round(s.oldestSeconds / 10)).toBe(12);
      expect(s.types.map((t) => [t.type, t.pending, t.lastError])).toEqual([
        ['a.b.v1', 2, 'broker down'],
        ['c.d.v1', 1, 'broker down'],
      ]);
    } finally {
      await db.drop();
    }
  });
});
