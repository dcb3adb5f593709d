import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { MAX_COLLABORATORS, MAX_MESSAGE_BYTES } from '@atelier/shared/collab/live';
import { projectFor } from '@atelier/shared/creative/access';
import type { Db } from '@atelier/shared/db';
import { AppError, NotFoundError } from '@atelier/shared/errors';
import type { Logger } from '@atelier/shared/log';
import type { Redis } from '@atelier/shared/redis';
import { type WebSocket, WebSocketServer } from 'ws';
import * as z from 'zod';
import { type Conn, Room, roomChannel } from './room';
import type { RoomStore } from './store';

/** Close codes a client sees when refused (4000–4999 are the application's; 1009 is "too big"). */
export const CLOSE = {
  unauthorized: 4401,
  notFound: 4404,
  roomFull: 4429,
  invalidMessage: 4400,
} as const;

const MEMBER_TTL_MS = 20_000;
const membersKey = (projectId: string) => `collab:members:${projectId}`;
/** Admits one connection if the room (across replicas) has room: drops lapsed entries, counts, adds. */
const ADMIT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

export interface CollabServerDeps {
  db: Db;
  redis: Redis;
  store: RoomStore;
  verifier: { verify(token: string): Promise<AuthClaims> };
  revocations: { isRevoked(sessionId: string): boolean };
  log: Logger;
  writeBackMs: number;
  compactEvery: number;
  maxCollaborators?: number;
}

const roomPath = /^\/v1\/collab\/([^/?]+)$/;

/**
 * The y-websocket protocol server: `GET /v1/collab/<projectId>?token=<access token>` upgraded to a
 * WebSocket. Every refusal happens after the upgrade, as a close code and a reason a browser can read.
 */
export function createCollabServer(deps: CollabServerDeps) {
  const replicaId = randomUUID();
  const limit = deps.maxCollaborators ?? MAX_COLLABORATORS;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const rooms = new Map<string, Room>();
  const sub = deps.redis.duplicate();
  sub.on('error', () => {});
  sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
    const projectId = channel.toString().slice('collab:room:'.length);
    rooms.get(projectId)?.onRemote(message);
  });

  const roomDeps = {
    store: deps.store,
    redis: deps.redis,
    replicaId,
    log: deps.log,
    writeBackMs: deps.writeBackMs,
    compactEvery: deps.compactEvery,
    onClosed(room: Room) {
      if (rooms.get(room.projectId) === room) rooms.delete(room.projectId);
      void sub.unsubscribe(roomChannel(room.projectId)).catch(() => {});
    },
    subscribe: (projectId: string) => sub.subscribe(roomChannel(projectId)),
    async isEmptyEverywhere(projectId: string) {
      await deps.redis.zremrangebyscore(membersKey(projectId), '-inf', Date.now());
      return (await deps.redis.zcard(membersKey(projectId))) === 0;
    },
  };

  async function roomFor(projectId: string): Promise<Room> {
    let room = rooms.get(projectId);
    if (room?.closing) {
      await room.closing;
      room = rooms.get(projectId);
    }
    if (!room) {
      // Made and registered synchronously: two connections arriving together share one room.
      room = new Room(projectId, roomDeps);
      rooms.set(projectId, room);
      room.ready.catch(() => rooms.get(projectId) === room && rooms.delete(projectId));
    }
    await room.ready;
    return room;
  }

  // Keep each connection's seat and each live room's key fresh; drop sockets that stopped answering.
  const alive = new WeakSet<WebSocket>();
  const heartbeat = setInterval(() => {
    const now = Date.now();
    for (const room of rooms.values()) {
      if (room.conns.size === 0) continue;
      const args = [...room.conns.keys()].flatMap((id) => [now + MEMBER_TTL_MS, id]);
      void deps.redis.zadd(membersKey(room.projectId), ...args).catch(() => {});
      void deps.redis.pexpire(membersKey(room.projectId), MEMBER_TTL_MS).catch(() => {});
      for (const c of room.conns.values()) {
        if (deps.revocations.isRevoked(c.sessionId)) {
          c.ws.close(CLOSE.unauthorized, 'unauthorized: the session has been revoked');
          continue;
        }
        if (!alive.has(c.ws)) c.ws.terminate();
        alive.delete(c.ws);
        c.ws.ping();
      }
    }
  }, MEMBER_TTL_MS / 4);

  async function admit(ws: WebSocket, req: IncomingMessage, projectIdRaw: string) {
    const url = new URL(req.url ?? '/', 'http://collab');
    const token = url.searchParams.get('token') ?? '';
    if (!token) return ws.close(CLOSE.unauthorized, 'unauthorized: an access token is required');
    let auth: AuthClaims;
    try {
      auth = await deps.verifier.verify(token);
    } catch {
      return ws.close(CLOSE.unauthorized, 'unauthorized: the access token is invalid or expired');
    }
    if (deps.revocations.isRevoked(auth.sessionId)) {
      return ws.close(CLOSE.unauthorized, 'unauthorized: the session has been revoked');
    }
    const projectId = z.uuid().safeParse(decodeURIComponent(projectIdRaw));
    if (!projectId.success) return ws.close(CLOSE.notFound, 'not_found: project not found');
    let readOnly = false;
    try {
      await projectFor(deps.db, auth, projectId.data, 'project.view');
      await projectFor(deps.db, auth, projectId.data, 'project.edit').catch((err: unknown) => {
        if (err instanceof AppError && err.status === 403) readOnly = true;
        else throw err;
      });
    } catch (err) {
      if (err instanceof NotFoundError) return ws.close(CLOSE.notFound, 'not_found: project not found');
      throw err;
    }
    const conn: Conn = {
      id: randomUUID(),
      ws,
      userId: auth.userId,
      sessionId: auth.sessionId,
      readOnly,
      clients: new Set(),
    };
    const now = Date.now();
    const admitted = await deps.redis.eval(
      ADMIT,
      1,
      membersKey(projectId.data),
      now,
      now + MEMBER_TTL_MS,
      conn.id,
      limit,
      MEMBER_TTL_MS,
    );
    if (admitted !== 1) {
      return ws.close(CLOSE.roomFull, `room_full: at most ${limit} collaborators per document`);
    }
    if (ws.readyState !== ws.OPEN) {
      await deps.redis.zrem(membersKey(projectId.data), conn.id);
      return;
    }
    const room = await roomFor(projectId.data);
    return { room, conn };
  }

  function onConnection(ws: WebSocket, req: IncomingMessage, projectId: string) {
    // The client talks at once (sync step 1, awareness): hold its messages until it is admitted.
    const early: Uint8Array[] = [];
    let joined: { room: Room; conn: Conn } | undefined;
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    ws.on('error', () => {});
    const onMessage = (data: Uint8Array) => {
      try {
        joined!.room.handle(joined!.conn, data);
      } catch {
        ws.close(CLOSE.invalidMessage, 'invalid_message: not the y-websocket protocol');
      }
    };
    ws.on('message', (data: Buffer) => {
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (joined) onMessage(bytes);
      else early.push(bytes);
    });
    ws.on('close', () => {
      if (!joined) return;
      joined.room.leave(joined.conn);
      void deps.redis.zrem(membersKey(joined.room.projectId), joined.conn.id).catch(() => {});
    });
    admit(ws, req, projectId).then(
      (result) => {
        if (!result) return;
        joined = result;
        if (ws.readyState !== ws.OPEN) {
          result.room.join(result.conn);
          result.room.leave(result.conn);
          void deps.redis.zrem(membersKey(result.room.projectId), result.conn.id).catch(() => {});
          return;
        }
        result.room.join(result.conn);
        for (const m of early.splice(0)) onMessage(m);
      },
      (err: unknown) => {
        deps.log.error({ err }, 'collab connection failed');
        ws.close(1011, 'internal_error: try again');
      },
    );
  }

  return {
    replicaId,
    rooms,
    attach(server: Server) {
      server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        const path = new URL(req.url ?? '/', 'http://collab').pathname;
        const match = roomPath.exec(path);
        if (!match) {
          socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req, match[1]!));
      });
    },
    /** Closes every room (writing each back) and the subscriber: the graceful end of a replica. */
    async close() {
      clearInterval(heartbeat);
      for (const room of rooms.values())
        for (const c of room.conns.values()) c.ws.close(1012, 'service_restart');
      await Promise.allSettled([...rooms.values()].map((r) => r.close()));
      wss.close();
      await sub.quit().catch(() => {});
    },
  };
}
