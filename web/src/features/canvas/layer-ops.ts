import { DOCUMENT_MAP, LAYERS_ARRAY, type YLayer } from '@atelier/shared/collab/design-document-yjs';
import * as Y from 'yjs';

/** The origin of this tab's own edits: the undo manager tracks these and nobody else's. */
export const LOCAL_ORIGIN = 'canvas-local';

export type Box = { x: number; y: number; width: number; height: number };

/** Coordinates stay inside what the design document accepts (shared/src/creative/design-document.ts). */
const MAX_COORD = 10_000;
const clampCoord = (v: number) => Math.round(Math.min(MAX_COORD, Math.max(-MAX_COORD, v)));
const clampLength = (v: number) => Math.round(Math.min(MAX_COORD, Math.max(1, v)));

export function layerMap(ydoc: Y.Doc, id: string): YLayer | undefined {
  return ydoc
    .getArray<YLayer>(LAYERS_ARRAY)
    .toArray()
    .find((m) => m instanceof Y.Map && m.get('id') === id);
}

/** Moves or resizes a layer (fields set in place, so a concurrent edit of another field survives). */
export function updateBox(ydoc: Y.Doc, id: string, patch: Partial<Box>, origin: unknown = LOCAL_ORIGIN) {
  const m = layerMap(ydoc, id);
  if (!m) return;
  ydoc.transact(() => {
    for (const [k, v] of Object.entries(patch) as Array<[keyof Box, number]>) {
      const next = k === 'x' || k === 'y' ? clampCoord(v) : clampLength(v);
      if (m.get(k) !== next) m.set(k, next);
    }
  }, origin);
}

/**
 * Makes a text layer say `next` by deleting and inserting only the changed middle: two people typing
 * in different places of the same text both keep their characters.
 */
export function setLayerText(ydoc: Y.Doc, id: string, next: string, origin: unknown = LOCAL_ORIGIN) {
  const m = layerMap(ydoc, id);
  if (!m) return;
  const current = m.get('text');
  ydoc.transact(() => {
    if (!(current instanceof Y.Text)) {
      m.set('text', new Y.Text(next));
      return;
    }
    const prev = current.toString();
    if (prev === next) return;
    let start = 0;
    while (start < prev.length && start < next.length && prev[start] === next[start]) start++;
    let end = 0;
    while (
      end < prev.length - start &&
      end < next.length - start &&
      prev[prev.length - 1 - end] === next[next.length - 1 - end]
    )
      end++;
    const removed = prev.length - start - end;
    if (removed > 0) current.delete(start, removed);
    const inserted = next.slice(start, next.length - end);
    if (inserted) current.insert(start, inserted);
  }, origin);
}

/** Undo and redo of this tab's own edits only (Ctrl/Cmd+Z never takes back a collaborator's work). */
export function createUndoManager(ydoc: Y.Doc) {
  return new Y.UndoManager([ydoc.getArray(LAYERS_ARRAY), ydoc.getMap(DOCUMENT_MAP)], {
    trackedOrigins: new Set([LOCAL_ORIGIN]),
    // A drag is many small moves: those within this window undo as one step.
    captureTimeout: 500,
  });
}
