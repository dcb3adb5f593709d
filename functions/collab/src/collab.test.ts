import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { applyDocumentToY, LAYERS_ARRAY, yToDocument } from '@atelier/shared/collab/design-document-yjs';
import { liveRoomKey } from '@atelier/shared/collab/live';
import { blankDocument, type DesignDocument, type TextLayer } from '@atelier/shared/creative/design-document';
import { designDocuments, outbox, roomUpdates, users } from '@atelier/shared/db/schema';
import { createRedis } from '@atelier/shared/redis';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { newProject, newTeam } from '../../../runner/src/test-support/creative';
import { eventually, type TestPlatform } from '../../../runner/src/test-support/platform';
import {
  newUser,
  request,
  startIdentityPlatform,
  type TestUser,
} from '../../../runner/src/test-support/users';

interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  closes: Array<{ code: number; reason: string }>;
}

describe('collab: Yjs rooms over the y-websocket protocol, comments, document ownership', () => {
  let p: TestPlatform;
  let team: Awaited<ReturnType<typeof newTeam>>;
  const clients: Client[] = [];
  beforeAll(async () => {
    p = await startIdentityPlatform({ COLLAB_WRITE_BACK_MS: '300' });
    team = await newTeam(p, ['editor', 'viewer']);
  }, 120_000);
  afterAll(async () => {
    for (const c of clients) c.provider.destroy();
    await p?.stop();
  });

  const wsBase = () => `${p.url.replace(/^http/, 'ws')}/v1/collab`;

  /** A y-websocket client as the browser runs one (the Node build of the same library). */
  function connect(user: TestUser, projectId: string, doc = new Y.Doc(), base = wsBase()): Client {
    const provider = new WebsocketProvider(base, projectId, doc, {
      params: { token: user.accessToken },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: 300,
    });
    const client: Client = { doc, provider, closes: [] };
    provider.on('connection-close', (event) => {
      if (event) client.closes.push({ code: event.code, reason: event.reason });
    });
    clients.push(client);
    return client;
  }
  const synced = (c: Client) => eventually(async () => c.provider.synced, 15_000);
  const text = (c: Client) => c.doc.getText('notes').toString();

  /** A raw socket's close code and reason (for refusals, without the provider's reconnecting). */
  function rawClose(path: string, send?: Buffer, base = wsBase()) {
    return new Promise<{ code: number; reason: string }>((resolve, reject) => {
      const ws = new WebSocket(`${base}/${path}`, { maxPayload: 0 });
      ws.on('open', () => send && ws.send(send));
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
      ws.on('error', reject);
    });
  }

  const teamProject = async () => (await newProject(p, { teamId: team.teamId })).projectId;

  it('two clients edit concurrently and converge', async () => {
    const projectId = await teamProject();
    const a = connect(team.owner, projectId);
    const b = connect(team.members.editor!, projectId);
    await Promise.all([synced(a), synced(b)]);
    a.doc.getText('notes').insert(0, 'Hello');
    b.doc.getText('notes').insert(0, 'World');
    b.doc.getMap('document').set('width', 1200);
    await eventually(async () => text(a).length === 10 && text(a) === text(b));
    await eventually(async () => a.doc.getMap('document').get('width') === 1200);
    a.provider.destroy();
    b.provider.destroy();
  });

  it('ten clients converge; an eleventh is refused with a reason', async () => {
    const projectId = await teamProject();
    const ten = Array.from({ length: 10 }, () => connect(team.owner, projectId));
    await Promise.all(ten.map(synced));
    ten.forEach((c, i) => {
      c.doc.getText('notes').insert(0, `<${i}>`);
    });
    await eventually(async () => ten.every((c) => text(c).length === 30 && text(c) === text(ten[0]!)));
    for (let i = 0; i < 10; i++) expect(text(ten[0]!)).toContain(`<${i}>`);
    const eleventh = await rawClose(`${projectId}?token=${team.owner.accessToken}`);
    expect(eleventh.code).toBe(4429);
    expect(eleventh.reason).toMatch(/^room_full/);
    for (const c of ten) c.provider.destroy();
  });

  it('a Viewer reads live but their updates are refused: nobody sees them, nothing is stored', async () => {
    const projectId = await teamProject();
    const owner = connect(team.owner, projectId);
    const viewer = connect(team.members.viewer!, projectId);
    await Promise.all([synced(owner), synced(viewer)]);
    viewer.doc.getText('notes').insert(0, 'vandalism');
    owner.doc.getText('notes').insert(0, 'owner');
    // The viewer sees the owner's edit (sent after theirs), the owner never sees the viewer's.
    await eventually(async () => text(viewer).includes('owner'));
    await new Promise((r) => setTimeout(r, 300));
    expect(text(owner)).toBe('owner');
    const stored = await p.db.db
      .select({ id: roomUpdates.id })
      .from(roomUpdates)
      .where(and(eq(roomUpdates.projectId, projectId), eq(roomUpdates.userId, team.members.viewer!.userId)));
    expect(stored).toHaveLength(0);
    // Awareness is allowed, stamped with the viewer's user id.
    viewer.provider.awareness.setLocalStateField('user', { name: 'Vi', color: '#00AAFF' });
    await eventually(async () =>
      [...owner.provider.awareness.getStates().values()].find(
        (s) => (s.user as { name?: string } | undefined)?.name === 'Vi',
      ),
    ).then((s) => expect(s.userId).toBe(team.members.viewer!.userId));
    owner.provider.destroy();
    viewer.provider.destroy();
  });

  it('refuses no token, a bad token, a foreign project and messages over 4 MB', async () => {
    const projectId = await teamProject();
    expect((await rawClose(projectId)).code).toBe(4401);
    expect((await rawClose(`${projectId}?token=nope`)).code).toBe(4401);
    const stranger = await newUser(p);
    const foreign = await rawClose(`${projectId}?token=${stranger.accessToken}`);
    expect(foreign).toEqual({ code: 4404, reason: 'not_found: project not found' });
    expect((await rawClose(`${randomUUID()}?token=${stranger.accessToken}`)).code).toBe(4404);
    const big = await rawClose(
      `${projectId}?token=${team.owner.accessToken}`,
      Buffer.alloc(4 * 1024 * 1024 + 1),
    );
    expect(big.code).toBe(1009);
  });

  it('a killed and restarted service loses nothing acknowledged; an offline client merges on reconnect', async () => {
    const projectId = await teamProject();
    const a = connect(team.owner, projectId);
    const b = connect(team.members.editor!, projectId);
    const offline = connect(team.members.editor!, projectId);
    await Promise.all([synced(a), synced(b), synced(offline)]);
    offline.provider.disconnect();
    offline.doc.getText('notes').insert(0, '[offline]');
    for (let i = 0; i < 20; i++) a.doc.getText('notes').insert(0, `a${i};`);
    // Acknowledged = fanned out to another client, which the service does only after storing it.
    await eventually(async () => text(b).includes('a19;'));
    const instance = p.runner.instances.get('collab')!;
    const pid = instance.pid!;
    process.kill(pid, 'SIGKILL');
    await eventually(async () => instance.pid !== pid || !alive(pid));
    // A fresh client (no local state) after the restart sees every acknowledged edit.
    const fresh = connect(team.members.editor!, projectId);
    await synced(fresh);
    await eventually(async () => text(fresh).includes('a0;') && text(fresh).includes('a19;'));
    offline.provider.connect();
    await eventually(async () => text(fresh).includes('[offline]') && text(offline) === text(fresh));
    await eventually(async () => text(a) === text(fresh));
    for (const c of [a, b, offline, fresh]) c.provider.destroy();
  }, 60_000);

  it('two replicas share a room through Redis: edits, presence and the 10-seat limit cross them', async () => {
    const projectId = await teamProject();
    // A second collab process with the runner's environment for collab: another replica.
    const instance = p.runner.instances.get('collab')! as unknown as {
      opts: { env: Record<string, string>; bundle: string };
    };
    const child = fork(instance.opts.bundle, [], {
      env: { ...instance.opts.env, PORT: '0' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    try {
      const port = await new Promise<number>((resolve) =>
        child.on('message', (m: { type?: string; port?: number }) => m.type === 'ready' && resolve(m.port!)),
      );
      const second = `ws://127.0.0.1:${port}/v1/collab`;
      const a = connect(team.owner, projectId);
      const b = connect(team.members.editor!, projectId, new Y.Doc(), second);
      await Promise.all([synced(a), synced(b)]);
      a.doc.getText('notes').insert(0, 'from one;');
      b.doc.getText('notes').insert(0, 'from two;');
      await eventually(async () => text(a).length === 18 && text(a) === text(b));
      b.provider.awareness.setLocalStateField('user', { name: 'Bee', color: '#FFAA00' });
      await eventually(async () =>
        [...a.provider.awareness.getStates().values()].some(
          (s) => (s.user as { name?: string } | undefined)?.name === 'Bee',
        ),
      );
      // 2 seats taken; 8 more spread over both replicas fill the room; the 11th is refused on either.
      const more = Array.from({ length: 8 }, (_, i) =>
        connect(team.owner, projectId, new Y.Doc(), i % 2 ? second : undefined),
      );
      await Promise.all(more.map(synced));
      const refused = await rawClose(`${projectId}?token=${team.owner.accessToken}`, undefined, second);
      expect(refused.code).toBe(4429);
      for (const c of [a, b, ...more]) c.provider.destroy();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('while a room is live the API refuses saves; after it closes the API owns the live edits again', async () => {
    const projectId = await teamProject();
    await p.db.db
      .insert(designDocuments)
      .values({ projectId, revision: 1, document: blankDocument(1080, 1080) });
    const editor = team.members.editor!;
    const c = connect(editor, projectId);
    await synced(c);
    // The room loaded revision 1 into the Yjs mapping.
    await eventually(async () => yToDocument(c.doc)?.width === 1080);
    const title: TextLayer = {
      id: 'title',
      type: 'text',
      name: 'Title',
      x: 10,
      y: 20,
      width: 500,
      height: 80,
      rotation: 0,
      opacity: 1,
      visible: true,
      locked: false,
      text: 'Live title',
      fontFamily: 'Inter',
      fontSize: 48,
      fontWeight: 700,
      fontStyle: 'normal',
      color: '#111111',
      align: 'left',
      lineHeight: 1.2,
      letterSpacing: 0,
      textTransform: 'none',
    };
    applyDocumentToY(c.doc, { ...yToDocument(c.doc)!, layers: [title] });
    const refused = await request(p, editor, 'PUT', `/v1/projects/${projectId}/document`, {
      revision: 1,
      document: blankDocument(1080, 1080),
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'conflict', details: { reason: 'document_live' } });
    // Debounced write-back while live: a new revision with the live layer.
    await eventually(async () => {
      const doc = await request(p, editor, 'GET', `/v1/projects/${projectId}/document`);
      return doc.body.revision === 2 && JSON.stringify(doc.body.document).includes('Live title');
    });
    (c.doc.getArray<Y.Map<unknown>>(LAYERS_ARRAY).get(0).get('text') as Y.Text).insert(0, 'Very ');
    c.provider.destroy();
    const redis = createRedis({ REDIS_URL: p.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
    await eventually(async () => (await redis.exists(liveRoomKey(projectId))) === 0, 15_000);
    await redis.quit();
    const after = await request(p, editor, 'GET', `/v1/projects/${projectId}/document`);
    expect(after.body.revision).toBe(3);
    expect(JSON.stringify(after.body.document)).toContain('Very Live title');
    // The API owns it again: a save works, and the next room opens at that revision.
    const doc = after.body.document as DesignDocument;
    const saved = await request(p, editor, 'PUT', `/v1/projects/${projectId}/document`, {
      revision: 3,
      document: { ...doc, layers: doc.layers.map((l) => ({ ...l, x: 99 })) },
    });
    expect(saved.status).toBe(200);
    const again = connect(editor, projectId);
    await synced(again);
    await eventually(async () => yToDocument(again.doc)?.layers[0]?.x === 99);
    expect((yToDocument(again.doc)!.layers[0] as { text: string }).text).toBe('Very Live title');
    again.provider.destroy();
  }, 60_000);

  it('comments: create with a mention (event in the outbox), list, resolve, delete; 404 for foreign ones', async () => {
    const projectId = await teamProject();
    const viewer = team.members.viewer!;
    const handle = `vi_${randomUUID().slice(0, 8)}`;
    await p.db.db.update(users).set({ username: handle }).where(eq(users.id, viewer.userId));
    const stranger = await newUser(p);
    const created = await request(p, team.members.editor!, 'POST', '/v1/comments', {
      projectId,
      layerId: 'title',
      body: `Can you check this, @${handle}? And @nobody_here`,
    });
    expect(created.status).toBe(201);
    expect(created.body.mentions).toEqual([viewer.userId]);
    const id = created.body.id as string;
    const [event] = await p.db.db
      .select()
      .from(outbox)
      .where(eq(outbox.type, 'dev.atelier.collab.comment.created.v1'));
    expect(event!.data).toMatchObject({ commentId: id, mentions: [viewer.userId], teamId: team.teamId });
    // Viewers may comment too; listing is newest first with a cursor.
    expect((await request(p, viewer, 'POST', '/v1/comments', { projectId, body: 'Looks good' })).status).toBe(
      201,
    );
    const first = await request(p, viewer, 'GET', `/v1/comments?projectId=${projectId}&limit=1`);
    expect((first.body.items as Array<{ body: string }>)[0]!.body).toBe('Looks good');
    const next = await request(
      p,
      viewer,
      'GET',
      `/v1/comments?projectId=${projectId}&limit=1&cursor=${first.body.nextCursor}`,
    );
    expect((next.body.items as Array<{ id: string }>)[0]!.id).toBe(id);
    // Foreign: 404 for every route; a viewer may not delete someone else's comment.
    expect((await request(p, stranger, 'GET', `/v1/comments?projectId=${projectId}`)).status).toBe(404);
    expect((await request(p, stranger, 'POST', `/v1/comments/${id}/resolve`)).status).toBe(404);
    expect((await request(p, stranger, 'DELETE', `/v1/comments/${id}`)).status).toBe(404);
    expect((await request(p, stranger, 'POST', '/v1/comments', { projectId, body: 'hi' })).status).toBe(404);
    expect((await request(p, viewer, 'DELETE', `/v1/comments/${id}`)).status).toBe(403);
    expect((await request(p, undefined, 'GET', `/v1/comments?projectId=${projectId}`)).status).toBe(401);
    const long = await request(p, viewer, 'POST', '/v1/comments', { projectId, body: 'x'.repeat(2_001) });
    expect(long.body.error?.code).toBe('validation_failed');
    const resolved = await request(p, team.owner, 'POST', `/v1/comments/${id}/resolve`);
    expect(resolved.status).toBe(200);
    expect(resolved.body.resolvedBy).toBe(team.owner.userId);
    expect((await request(p, team.members.editor!, 'DELETE', `/v1/comments/${id}`)).status).toBe(204);
    expect((await request(p, viewer, 'POST', `/v1/comments/${id}/resolve`)).status).toBe(404);
  });
});

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
