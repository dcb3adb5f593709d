import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { outbox } from '@atelier/shared/db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../runner/src/build';
import { newProject } from '../../../runner/src/test-support/creative';
import { generate, waitFor } from '../../../runner/src/test-support/generation';
import { eventually, type TestPlatform } from '../../../runner/src/test-support/platform';
import {
  newUser,
  request,
  startIdentityPlatform,
  type TestUser,
} from '../../../runner/src/test-support/users';
import { SseClient } from './sse-client';

/** An event as a producer would emit it: an outbox row the runner's sweep relays within ~200 ms. */
async function emit(p: TestPlatform, type: string, data: Record<string, unknown>) {
  const id = randomUUID();
  await p.db.db.insert(outbox).values({ id, type, source: 'atelier/test', data });
  return id;
}

const failed = (user: TestUser, projectId: string) => ({
  generationId: randomUUID(),
  userId: user.userId,
  projectId,
  ownerUserId: user.userId,
  teamId: null,
  stage: 'samples',
  code: 'provider_unavailable',
});

describe('stream: live notifications over SSE and the inbox API', () => {
  let p: TestPlatform;
  const clients: SseClient[] = [];
  const open = async (url: string, opts: Parameters<typeof SseClient.open>[1]) => {
    const c = await SseClient.open(url, opts);
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    p = await startIdentityPlatform({ STREAM_CONNECTIONS_PER_USER: '3', STREAM_HEARTBEAT_MS: '1000' });
  }, 120_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    await p?.stop();
  });

  it('a generation run ends in the inbox and on an open stream; Last-Event-ID replays exactly what was missed', {
    timeout: 120_000,
  }, async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const live = await open(`${p.url}/v1/stream`, { token: user.accessToken });
    expect(live.status).toBe(200);
    await live.waitFor((e) => e.event === 'ready');

    const { id } = await generate(p, user, { projectId, prompt: 'A summer sale poster', format: 'x_post' });
    // The studio's samples arrive by push: four progress events, then the stored "samples ready".
    const samplesReady = await live.waitFor((e) => e.event === 'notification', 60_000);
    const progress = live.events.filter((e) => e.event === 'progress').map((e) => JSON.parse(e.data));
    expect(progress).toHaveLength(4);
    expect(progress[0]).toMatchObject({ type: 'generation.sample_ready', data: { generationId: id } });
    expect(progress.every((e) => e.id === undefined)).toBe(true); // progress has no SSE id
    const first = JSON.parse(samplesReady.data);
    expect(first).toMatchObject({ type: 'generation.samples_ready', data: { generationId: id, projectId } });
    expect(samplesReady.id).toBe(String(first.id));
    live.close();

    // Missed while away: the final.
    const ready = await waitFor(p, user, id, ['awaiting_selection']);
    await request(p, user, 'POST', `/v1/generations/${id}/select`, {
      sampleId: ready.samples[0]!.id,
      quality: 'standard',
    });
    await waitFor(p, user, id, ['completed']);
    const inbox = await eventually(async () => {
      const res = await request(p, user, 'GET', '/v1/notifications');
      const list = res.body.items as unknown[] | undefined;
      return list?.length === 2 ? list : undefined;
    }, 20_000);
    const items = inbox as Array<{ id: number; type: string; readAt: null }>;
    expect(items.map((n) => n.type)).toEqual(['generation.final_ready', 'generation.samples_ready']);

    // EventSource style: the token in the query, the last id in the header.
    const again = await open(`${p.url}/v1/stream?access_token=${user.accessToken}`, {
      lastEventId: samplesReady.id,
    });
    const resumed = await again.waitFor((e) => e.event === 'ready');
    expect(again.notifications().map((n) => n.type)).toEqual(['generation.final_ready']);
    expect(resumed.id).toBe(String(items[0]!.id));
    // From the start: both, oldest first, each once.
    const all = await open(`${p.url}/v1/stream?lastEventId=0`, { token: user.accessToken });
    await all.waitFor((e) => e.event === 'ready');
    expect(all.notifications().map((n) => n.id)).toEqual([items[1]!.id, items[0]!.id]);
    // Heartbeats keep idle streams (and the gateway's socket) alive.
    await eventually(async () => all.comments > 0, 5000);
  });

  it('two replicas: a notification published anywhere reaches the user on either', {
    timeout: 60_000,
  }, async () => {
    const user = await newUser(p);
    const other = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    // A second stream process with the runner's environment for stream, beside the runner's own.
    const instance = p.runner.instances.get('stream')!;
    await instance.ensureStarted();
    const env = (instance as unknown as { opts: { env: Record<string, string> } }).opts.env;
    const second: ChildProcess = fork(join(repoRoot, 'dist/functions/stream/main.mjs'), [], {
      env: { ...env, PORT: '0', FUNCTION_NAME: 'stream' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        second.on('message', (m: { type?: string; port?: number }) => m.type === 'ready' && resolve(m.port!));
        second.once('exit', () => reject(new Error('second replica exited')));
      });
      const onA = await open(`${p.url}/v1/stream`, { token: user.accessToken });
      const onB = await open(`http://127.0.0.1:${port}/v1/stream`, { token: user.accessToken });
      const otherOnB = await open(`http://127.0.0.1:${port}/v1/stream`, { token: other.accessToken });
      await Promise.all([onA, onB, otherOnB].map((c) => c.waitFor((e) => e.event === 'ready')));

      await emit(p, 'dev.atelier.generation.failed.v1', failed(user, projectId));
      const [a, b] = await Promise.all([onA, onB].map((c) => c.waitFor((e) => e.event === 'notification')));
      expect(a!.id).toBe(b!.id);
      expect(JSON.parse(a!.data)).toMatchObject({ type: 'generation.failed' });
      await emit(p, 'dev.atelier.generation.failed.v1', failed(other, projectId));
      await otherOnB.waitFor((e) => e.event === 'notification');
      expect(onA.notifications()).toHaveLength(1);

      // Read on one replica's API: the other replica's tab sees its badge change.
      const read = await request(p, user, 'POST', `/v1/notifications/${a!.id}/read`);
      expect(read.body).toMatchObject({ unreadCount: 0, notification: { id: Number(a!.id) } });
      const seen = await onB.waitFor((e) => e.event === 'read');
      expect(JSON.parse(seen.data)).toEqual({ ids: [Number(a!.id)], unreadCount: 0 });
    } finally {
      second.kill('SIGTERM');
    }
  });

  it('inbox: pagination, unread count, read / read-all, settings, 404 for others, 401 without a token', {
    timeout: 60_000,
  }, async () => {
    const user = await newUser(p);
    const stranger = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    for (let i = 0; i < 5; i++) await emit(p, 'dev.atelier.generation.failed.v1', failed(user, projectId));
    await eventually(async () => {
      const res = await request(p, user, 'GET', '/v1/notifications/unread-count');
      return res.body.count === 5;
    }, 20_000);

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await request(
        p,
        user,
        'GET',
        `/v1/notifications?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      seen.push(...(res.body.items as Array<{ id: number }>).map((n) => n.id));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect([...seen].sort((x, y) => y - x)).toEqual(seen); // newest first
    expect((await request(p, user, 'GET', '/v1/notifications?cursor=nonsense')).body.error?.code).toBe(
      'validation_failed',
    );

    expect((await request(p, stranger, 'POST', `/v1/notifications/${seen[0]}/read`)).status).toBe(404);
    expect((await request(p, user, 'POST', '/v1/notifications/999999999/read')).status).toBe(404);
    expect((await request(p, user, 'POST', `/v1/notifications/${seen[0]}/read`)).body.unreadCount).toBe(4);
    const unread = await request(p, user, 'GET', '/v1/notifications?unread=true');
    expect((unread.body.items as unknown[]).length).toBe(4);
    expect((await request(p, user, 'POST', '/v1/notifications/read-all')).body).toEqual({
      updated: 4,
      unreadCount: 0,
    });
    expect((await request(p, user, 'GET', '/v1/notifications/unread-count')).body).toEqual({ count: 0 });
    expect((await request(p, stranger, 'GET', '/v1/notifications')).body.items).toEqual([]);

    const settings = await request(p, user, 'GET', '/v1/notifications/settings');
    expect(settings.body.settings).toMatchObject({
      'generation.samples_ready': { push: true, email: false },
      'generation.final_ready': { push: true, email: true },
      'comment.mentioned': { push: true, email: true },
    });
    for (const bad of [
      { 'no.such': { email: true } },
      { 'generation.failed': { sms: true } },
      { 'generation.failed': { email: 'yes' } },
    ]) {
      const res = await request(p, user, 'PUT', '/v1/notifications/settings', bad);
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe('validation_failed');
    }
    const put = await request(p, user, 'PUT', '/v1/notifications/settings', {
      'generation.samples_ready': { email: true },
    });
    expect(put.body.settings).toMatchObject({ 'generation.samples_ready': { push: true, email: true } });

    for (const [method, path] of [
      ['GET', '/v1/notifications'],
      ['GET', '/v1/notifications/unread-count'],
      ['POST', '/v1/notifications/read-all'],
      ['GET', '/v1/notifications/settings'],
      ['GET', '/v1/stream'],
    ] as const) {
      const res = await request(p, undefined, method, path);
      expect([path, res.status, res.body.error?.code]).toEqual([path, 401, 'unauthorized']);
    }
    const forged = await SseClient.open(`${p.url}/v1/stream?access_token=not-a-token`);
    expect(forged.status).toBe(401);
  });

  it('caps live connections per user (3 here) with a clear error, and frees a closed one', {
    timeout: 30_000,
  }, async () => {
    const user = await newUser(p);
    const streams = await Promise.all(
      [1, 2, 3].map(() => open(`${p.url}/v1/stream`, { token: user.accessToken })),
    );
    await Promise.all(streams.map((s) => s.waitFor((e) => e.event === 'ready')));
    const fourth = await SseClient.open(`${p.url}/v1/stream`, { token: user.accessToken });
    expect(fourth.status).toBe(409);
    expect(JSON.parse(fourth.body).error).toMatchObject({
      code: 'limit_reached',
      details: { limit: 3, resource: 'stream_connections' },
    });
    streams[0]!.close();
    const again = await eventually(async () => {
      const c = await SseClient.open(`${p.url}/v1/stream`, { token: user.accessToken });
      if (c.status === 200) return c;
      return undefined;
    }, 5000);
    clients.push(again);
  });
});
