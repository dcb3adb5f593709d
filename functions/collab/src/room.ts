import { stableJson, yToDocument } from '@atelier/shared/collab/design-document-yjs';
import { LIVE_ROOM_TTL_MS, liveRoomKey } from '@atelier/shared/collab/live';
import type { Logger } from '@atelier/shared/log';
import type { Redis } from '@atelier/shared/redis';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import {
  awarenessMessage,
  awarenessProtocol,
  readClientMessage,
  stampAwareness,
  syncStep1,
  syncStep2,
  updateMessage,
} from './protocol';
import type { RoomStore } from './store';

export interface Conn {
  id: string;
  ws: WebSocket;
  userId: string;
  /** The signing-in session: a revoked one is disconnected at the next heartbeat. */
  sessionId: string;
  readOnly: boolean;
  /** Awareness client ids this connection spoke for, removed when it leaves. */
  clients: Set<number>;
}

export interface RoomDeps {
  store: RoomStore;
  redis: Redis;
  replicaId: string;
  log: Logger;
  writeBackMs: number;
  compactEvery: number;
  /** Called once the room has closed (its last connection left and its state is written back). */
  onClosed(room: Room): void;
  /** Subscribes this replica to the room's Redis channel (before loading: nothing published is missed). */
  subscribe(projectId: string): Promise<unknown>;
  /** Whether no replica still counts a connection in this room. */
  isEmptyEverywhere(projectId: string): Promise<boolean>;
}

const REMOTE = Symbol('remote');
const KIND_UPDATE = 0;
const KIND_AWARENESS = 1;
export const roomChannel = (projectId: string) => `collab:room:${projectId}`;

/**
 * One live Yjs document, on this replica. Updates go through one queue: a batch is appended to Postgres,
 * then applied and fanned out (to local sockets and, through Redis, to the other replicas holding the
 * room), so nothing reaches another client before it is stored.
 */
export class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly conns = new Map<string, Conn>();
  readonly ready: Promise<void>;
  closing: Promise<void> | undefined;
  private queue: Array<{ update: Uint8Array; conn: Conn }> = [];
  private flushing: Promise<void> | undefined;
  private early: Buffer[] = [];
  private loaded = false;
  private sinceCompact = 0;
  private lastEditor: string | null = null;
  /** The design document as last loaded or written back (stable JSON), to skip needless write-backs. */
  private written: string | undefined;
  private writeBackTimer: NodeJS.Timeout | undefined;
  private liveTimer: NodeJS.Timeout | undefined;
  private closeTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly projectId: string,
    private readonly deps: RoomDeps,
  ) {
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onDocUpdate(update, origin));
    this.awareness.on('update', (changes: AwarenessChanges, origin: unknown) =>
      this.onAwareness(changes, origin),
    );
    this.ready = this.load();
  }

  private async load() {
    await this.deps.subscribe(this.projectId);
    // Live first: from here the API refuses saves, so the revision loaded below stays the latest.
    await this.refreshLive();
    this.liveTimer = setInterval(() => void this.refreshLive(), LIVE_ROOM_TTL_MS / 3);
    const { state, document } = await this.deps.store.open(this.projectId);
    Y.applyUpdate(this.doc, state, REMOTE);
    this.written = stableJson(document);
    this.loaded = true;
    for (const m of this.early.splice(0)) this.onRemote(m);
  }

  private refreshLive() {
    return this.deps.redis
      .set(liveRoomKey(this.projectId), this.deps.replicaId, 'PX', LIVE_ROOM_TTL_MS)
      .catch((err: unknown) =>
        this.deps.log.warn({ err, projectId: this.projectId }, 'live key refresh failed'),
      );
  }

  join(conn: Conn) {
    clearTimeout(this.closeTimer);
    this.conns.set(conn.id, conn);
    this.send(conn, syncStep1(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) {
      this.send(conn, awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
    }
  }

  leave(conn: Conn) {
    if (!this.conns.delete(conn.id)) return;
    if (conn.clients.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.clients], conn);
    }
    // A short grace period: a reconnecting client keeps the room (and its memory) warm.
    if (this.conns.size === 0) this.closeTimer = setTimeout(() => void this.close(), 1_000);
  }

  handle(conn: Conn, data: Uint8Array) {
    const msg = readClientMessage(data);
    switch (msg.kind) {
      case 'sync-step1':
        this.send(conn, syncStep2(this.doc, msg.stateVector));
        return;
      case 'update':
        // Viewers are read-only: their edits are dropped, never stored or shown to anyone. (No auth
        // message back: y-websocket logs it with its URL, which carries the access token.)
        if (conn.readOnly) return;
        Y.decodeUpdate(msg.update); // throws on bytes that are not an update, before anything is stored
        this.submit(msg.update, conn);
        return;
      case 'awareness': {
        const { update, clients } = stampAwareness(msg.update, conn.userId);
        for (const c of clients) conn.clients.add(c);
        awarenessProtocol.applyAwarenessUpdate(this.awareness, update, conn);
        return;
      }
      case 'query-awareness':
        this.send(
          conn,
          awarenessMessage(
            awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]),
          ),
        );
        return;
      default:
        return;
    }
  }

  private submit(update: Uint8Array, conn: Conn) {
    this.queue.push({ update, conn });
    this.flushing ??= this.flush().finally(() => {
      this.flushing = undefined;
    });
  }

  /** Group commit: whatever queued while the last insert ran goes in the next one. */
  private async flush() {
    await this.ready;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      try {
        await this.deps.store.append(
          this.projectId,
          batch.map((b) => ({ data: b.update, userId: b.conn.userId })),
        );
      } catch (err) {
        // Not stored, so not applied: the senders reconnect and sync again.
        this.deps.log.error({ err, projectId: this.projectId }, 'storing updates failed');
        for (const b of batch) b.conn.ws.close(1011, 'storage_unavailable: the update was not saved, retry');
        continue;
      }
      for (const b of batch) {
        this.lastEditor = b.conn.userId;
        Y.applyUpdate(this.doc, b.update, b.conn);
      }
      this.sinceCompact += batch.length;
      this.scheduleWriteBack();
      if (this.sinceCompact >= this.deps.compactEvery) {
        this.sinceCompact = 0;
        void this.deps.store
          .compact(this.projectId)
          .catch((err: unknown) =>
            this.deps.log.warn({ err, projectId: this.projectId }, 'compaction failed'),
          );
      }
    }
  }

  private onDocUpdate(update: Uint8Array, origin: unknown) {
    const msg = updateMessage(update);
    for (const c of this.conns.values()) if (c !== origin) this.send(c, msg);
    if (origin !== REMOTE) this.publish(KIND_UPDATE, update);
  }

  private onAwareness({ added, updated, removed }: AwarenessChanges, origin: unknown) {
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    const msg = awarenessMessage(update);
    for (const c of this.conns.values()) this.send(c, msg);
    if (origin !== REMOTE) this.publish(KIND_AWARENESS, update);
  }

  private publish(kind: number, payload: Uint8Array) {
    const e = encoding.createEncoder();
    encoding.writeVarString(e, this.deps.replicaId);
    encoding.writeVarUint(e, kind);
    encoding.writeVarUint8Array(e, payload);
    void this.deps.redis
      .publish(roomChannel(this.projectId), Buffer.from(encoding.toUint8Array(e)))
      .catch((err: unknown) => this.deps.log.warn({ err }, 'room publish failed'));
  }

  /** A message another replica published: already stored there, so only applied here. */
  onRemote(message: Buffer) {
    if (!this.loaded) {
      this.early.push(message);
      return;
    }
    const d = decoding.createDecoder(new Uint8Array(message));
    if (decoding.readVarString(d) === this.deps.replicaId) return;
    const kind = decoding.readVarUint(d);
    const payload = decoding.readVarUint8Array(d);
    if (kind === KIND_UPDATE) Y.applyUpdate(this.doc, payload, REMOTE);
    else if (kind === KIND_AWARENESS) awarenessProtocol.applyAwarenessUpdate(this.awareness, payload, REMOTE);
  }

  private send(conn: Conn, msg: Uint8Array) {
    // A failed send surfaces as the socket's error and close, which take the connection out.
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(msg);
  }

  private scheduleWriteBack() {
    if (this.writeBackTimer) return;
    this.writeBackTimer = setTimeout(() => {
      this.writeBackTimer = undefined;
      void this.writeBack();
    }, this.deps.writeBackMs);
  }

  /** Writes the document back to the creative API's table as a new revision when it changed. */
  async writeBack() {
    // Most edits (presence aside) change the design document, but a cheap check in memory first: the
    // stored state is what gets written, and rebuilding it from Postgres is the costly part.
    const now = yToDocument(this.doc);
    if (this.written !== undefined && now && stableJson(now) === this.written) return;
    try {
      const { merged, document } = await this.deps.store.writeBack(this.projectId, this.lastEditor);
      this.written = stableJson(document);
      if (merged) Y.applyUpdate(this.doc, merged);
    } catch (err) {
      this.deps.log.warn({ err, projectId: this.projectId }, 'write-back failed');
    }
  }

  /** Last one out: store everything, write the document back, compact, and let the API own it again. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearTimeout(this.writeBackTimer);
      clearInterval(this.liveTimer);
      await this.ready.catch(() => {});
      await this.flushing;
      await this.writeBack();
      await this.deps.store.compact(this.projectId).catch(() => 0);
      if (await this.deps.isEmptyEverywhere(this.projectId)) {
        await this.deps.redis.del(liveRoomKey(this.projectId)).catch(() => {});
      }
      this.awareness.destroy();
      this.doc.destroy();
      this.deps.onClosed(this);
    })();
    return this.closing;
  }
}

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}
