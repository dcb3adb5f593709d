import {
  applyDocumentToY,
  DOCUMENT_MAP,
  stableJson,
  yToDocument,
} from '@atelier/shared/collab/design-document-yjs';
import { blankDocument, type DesignDocument } from '@atelier/shared/creative/design-document';
import type { Db, Tx } from '@atelier/shared/db';
import {
  designDocuments,
  designDocumentVersions,
  projects,
  rooms,
  roomUpdates,
} from '@atelier/shared/db/schema';
import { projects as projectEvents } from '@atelier/shared/events/catalog';
import type { Outbox } from '@atelier/shared/events/outbox';
import { and, asc, desc, eq, isNotNull, lte } from 'drizzle-orm';
import * as Y from 'yjs';

/**
 * The Postgres side of a room: every update is appended before it is applied or broadcast (so what a
 * client saw fanned out survives a crash), compaction folds them into one snapshot, and the design
 * document is kept in step with creative.design_documents (docs/collaboration.md).
 */
export interface RoomStore {
  /** Loads the room's Yjs state, first bringing it up to the API's latest revision if that is newer. */
  open(projectId: string): Promise<{ state: Uint8Array; revision: number; document: DesignDocument }>;
  append(projectId: string, updates: Array<{ data: Uint8Array; userId: string | null }>): Promise<void>;
  /** Folds every stored update into the snapshot; returns how many it folded. */
  compact(projectId: string): Promise<number>;
  /**
   * Writes the room's document back as a new design-document revision when it differs from the current
   * one. If the API saved meanwhile (a race at room opening), that revision is merged into the Yjs state
   * first and its update returned, for the caller to apply and broadcast.
   */
  writeBack(
    projectId: string,
    userId: string | null,
  ): Promise<{ revision: number; document: DesignDocument; merged?: Uint8Array | undefined }>;
}

async function lockRoom(tx: Tx, projectId: string) {
  await tx.insert(rooms).values({ projectId }).onConflictDoNothing();
  const [room] = await tx.select().from(rooms).where(eq(rooms.projectId, projectId)).for('update');
  return room!;
}

/** The room's whole state as stored: the snapshot and every update after it. */
async function storedDoc(tx: Tx, projectId: string, snapshot: Uint8Array | null) {
  const doc = new Y.Doc({ gc: true });
  if (snapshot) Y.applyUpdate(doc, snapshot);
  const rows = await tx
    .select({ id: roomUpdates.id, data: roomUpdates.data })
    .from(roomUpdates)
    .where(eq(roomUpdates.projectId, projectId))
    .orderBy(asc(roomUpdates.id));
  for (const r of rows) Y.applyUpdate(doc, r.data);
  return { doc, lastId: rows.at(-1)?.id ?? 0, count: rows.length };
}

async function apiDocument(tx: Tx, projectId: string) {
  const [row] = await tx
    .select({
      revision: designDocuments.revision,
      document: designDocuments.document,
      updatedBy: designDocuments.updatedBy,
    })
    .from(designDocuments)
    .where(eq(designDocuments.projectId, projectId))
    .for('update');
  if (row) return { ...row, document: row.document as DesignDocument };
  const [p] = await tx
    .select({ width: projects.width, height: projects.height })
    .from(projects)
    .where(eq(projects.id, projectId));
  return {
    revision: 0,
    document: blankDocument(p?.width ?? 1080, p?.height ?? 1080),
    updatedBy: null as string | null,
  };
}

/** Brings the Yjs state up to the API's revision when that is newer; the update it made, if any. */
async function catchUp(tx: Tx, projectId: string, doc: Y.Doc, baseRevision: number) {
  const api = await apiDocument(tx, projectId);
  const loaded = doc.getMap(DOCUMENT_MAP).has('version');
  if (loaded && api.revision <= baseRevision) return { api, update: undefined };
  let update: Uint8Array | undefined;
  const capture = (u: Uint8Array) => {
    update = update ? Y.mergeUpdates([update, u]) : u;
  };
  doc.on('update', capture);
  applyDocumentToY(doc, api.document);
  doc.off('update', capture);
  if (update) await tx.insert(roomUpdates).values({ projectId, data: update, userId: null });
  await tx
    .update(rooms)
    .set({ baseRevision: api.revision, updatedAt: new Date() })
    .where(eq(rooms.projectId, projectId));
  return { api, update };
}

async function lastEditor(tx: Tx, projectId: string) {
  const [row] = await tx
    .select({ userId: roomUpdates.userId })
    .from(roomUpdates)
    .where(and(eq(roomUpdates.projectId, projectId), isNotNull(roomUpdates.userId)))
    .orderBy(desc(roomUpdates.id))
    .limit(1);
  return row?.userId ?? null;
}

type UpdateRow = typeof roomUpdates.$inferInsert;
const MAX_BATCH_ROWS = 500;
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
const PARALLEL_INSERTS = 2;

/**
 * Group commit across rooms: appends queue while inserts run, and each insert takes everything queued
 * (within bounds) in one statement and one commit. Commits, not bytes, are what Postgres runs out of
 * when a thousand people type at once.
 */
function createAppender(db: Db) {
  const queue: Array<{ rows: UpdateRow[]; done: (err?: unknown) => void }> = [];
  let running = 0;
  const pump = () => {
    while (running < PARALLEL_INSERTS && queue.length > 0) {
      const batch: typeof queue = [];
      let rows = 0;
      let bytes = 0;
      while (queue.length > 0 && (batch.length === 0 || (rows < MAX_BATCH_ROWS && bytes < MAX_BATCH_BYTES))) {
        const next = queue.shift()!;
        batch.push(next);
        rows += next.rows.length;
        bytes += next.rows.reduce((n, r) => n + r.data.byteLength, 0);
      }
      running++;
      db.insert(roomUpdates)
        .values(batch.flatMap((b) => b.rows))
        .then(
          () => {
            for (const b of batch) b.done();
          },
          (err: unknown) => {
            for (const b of batch) b.done(err ?? new Error('insert failed'));
          },
        )
        .finally(() => {
          running--;
          pump();
        });
    }
  };
  return (rows: UpdateRow[]) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ rows, done: (err) => (err ? reject(err) : resolve()) });
      pump();
    });
}

export function createRoomStore(deps: { db: Db; outbox: Outbox; clock: () => number }): RoomStore {
  const appender = createAppender(deps.db);
  return {
    open: (projectId) =>
      deps.db.transaction(async (tx) => {
        const room = await lockRoom(tx, projectId);
        const { doc } = await storedDoc(tx, projectId, room.snapshot);
        const { api } = await catchUp(tx, projectId, doc, room.baseRevision);
        return { state: Y.encodeStateAsUpdate(doc), revision: api.revision, document: api.document };
      }),

    append: (projectId, updates) =>
      updates.length === 0 ? Promise.resolve() : appender(updates.map((u) => ({ projectId, ...u }))),

    compact: (projectId) =>
      deps.db.transaction(async (tx) => {
        const room = await lockRoom(tx, projectId);
        const { doc, lastId, count } = await storedDoc(tx, projectId, room.snapshot);
        if (count === 0) return 0;
        await tx
          .update(rooms)
          .set({ snapshot: Y.encodeStateAsUpdate(doc), updatedAt: new Date() })
          .where(eq(rooms.projectId, projectId));
        await tx
          .delete(roomUpdates)
          .where(and(eq(roomUpdates.projectId, projectId), lte(roomUpdates.id, lastId)));
        return count;
      }),

    writeBack: (projectId, userId) =>
      deps.outbox.transaction(async (tx, emit) => {
        const room = await lockRoom(tx, projectId);
        const { doc } = await storedDoc(tx, projectId, room.snapshot);
        // Built from what is stored, not from a replica's memory: right whichever replica writes.
        const { api, update } = await catchUp(tx, projectId, doc, room.baseRevision);
        const next = yToDocument(doc);
        if (!next || stableJson(next) === stableJson(api.document)) {
          return { revision: api.revision, document: api.document, merged: update };
        }
        // The revision's author: the last editor this replica saw, else the last stored one.
        const author = userId ?? (await lastEditor(tx, projectId)) ?? api.updatedBy;
        if (!author) return { revision: api.revision, document: api.document, merged: update };
        const revision = api.revision + 1;
        const now = new Date(deps.clock());
        if (api.revision === 0) {
          await tx
            .insert(designDocuments)
            .values({ projectId, revision, document: next, updatedBy: author, updatedAt: now });
        } else {
          await tx
            .update(designDocuments)
            .set({ revision, document: next, updatedBy: author, updatedAt: now })
            .where(eq(designDocuments.projectId, projectId));
        }
        await tx
          .insert(designDocumentVersions)
          .values({ projectId, revision, document: next, createdBy: author, createdAt: now });
        await tx
          .update(rooms)
          .set({ baseRevision: revision, updatedAt: now })
          .where(eq(rooms.projectId, projectId));
        await emit(tx, projectEvents.designDocumentUpdated, { projectId, revision, updatedBy: author });
        return { revision, document: next, merged: update };
      }),
  };
}
