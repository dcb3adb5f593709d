import * as Y from 'yjs';
import { type DesignDocument, designDocument, layer } from '../creative/design-document';

/**
 * How a design document lives in a Yjs doc (docs/collaboration.md), shared by the collab service and the
 * web canvas so both read and write the same shape:
 * - `doc.getMap('document')`: `version`, `width`, `height`, `background` as plain values;
 * - `doc.getArray('layers')`: one `Y.Map` per layer, bottom to top, its fields as plain values except a
 *   text layer's `text`, a `Y.Text` so concurrent typing merges by character.
 * Reordering deletes a layer's map and inserts a copy; reading keeps the first of two maps with one id.
 */
export const DOCUMENT_MAP = 'document';
export const LAYERS_ARRAY = 'layers';

export type YLayer = Y.Map<unknown>;

function layerToY(l: Record<string, unknown>): YLayer {
  const m = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(l)) {
    if (k === 'text' && typeof v === 'string') m.set(k, new Y.Text(v));
    else m.set(k, structuredClone(v));
  }
  return m;
}

function yToLayer(m: YLayer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of m.entries()) out[k] = v instanceof Y.Text ? v.toString() : v;
  return out;
}

const same = (a: unknown, b: unknown) => stableJson(a) === stableJson(b);

/** JSON with sorted keys, to compare documents whatever their key order. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * Makes the Yjs doc say what `doc` says with the fewest changes (fields set in place, text diffed as a
 * whole, missing layers removed, new ones inserted), so clients holding older state merge cleanly.
 */
export function applyDocumentToY(ydoc: Y.Doc, doc: DesignDocument, origin: unknown = null): void {
  ydoc.transact(() => {
    const meta = ydoc.getMap<unknown>(DOCUMENT_MAP);
    for (const k of ['version', 'width', 'height', 'background'] as const) {
      if (!same(meta.get(k), doc[k])) meta.set(k, structuredClone(doc[k]));
    }
    const layers = ydoc.getArray<YLayer>(LAYERS_ARRAY);
    const wanted = new Map(doc.layers.map((l) => [l.id, l as Record<string, unknown>]));
    // Remove layers that are gone (and duplicates), from the end so indexes stay valid.
    const seen = new Set<string>();
    const keep: string[] = [];
    layers.toArray().forEach((m) => {
      const id = m.get('id') as string;
      keep.push(wanted.has(id) && !seen.has(id) ? id : '');
      seen.add(id);
    });
    for (let i = keep.length - 1; i >= 0; i--) if (!keep[i]) layers.delete(i, 1);
    const present = keep.filter(Boolean);
    const presentSet = new Set(present);
    const expected = doc.layers.map((l) => l.id).filter((id) => presentSet.has(id));
    if (present.some((id, i) => expected[i] !== id)) {
      // The order changed: rebuild the list (rare; a move is a delete and an insert anyway).
      layers.delete(0, layers.length);
      layers.insert(
        0,
        doc.layers.map((l) => layerToY(l as Record<string, unknown>)),
      );
      return;
    }
    // Update kept layers in place, insert new ones where they belong.
    let index = 0;
    for (const l of doc.layers) {
      const target = l as Record<string, unknown>;
      const current = index < layers.length ? layers.get(index) : undefined;
      if (current && current.get('id') === l.id) {
        for (const [k, v] of Object.entries(target)) {
          const now = current.get(k);
          if (now instanceof Y.Text) {
            if (now.toString() !== v) {
              now.delete(0, now.length);
              now.insert(0, String(v));
            }
          } else if (!same(now, v)) {
            current.set(k, k === 'text' && typeof v === 'string' ? new Y.Text(v) : structuredClone(v));
          }
        }
        for (const k of [...current.keys()]) if (!(k in target)) current.delete(k);
      } else {
        layers.insert(index, [layerToY(target)]);
      }
      index++;
    }
  }, origin);
}

/**
 * The design document a Yjs doc holds, checked against the schema: layers that fail it (a client wrote
 * something invalid) or repeat an id are left out; null when the document itself is not valid.
 */
export function yToDocument(ydoc: Y.Doc): DesignDocument | null {
  const meta = ydoc.getMap<unknown>(DOCUMENT_MAP);
  const seen = new Set<string>();
  const layers: unknown[] = [];
  for (const m of ydoc.getArray<YLayer>(LAYERS_ARRAY).toArray()) {
    if (!(m instanceof Y.Map)) continue;
    const parsed = layer.safeParse(yToLayer(m));
    if (!parsed.success || seen.has(parsed.data.id)) continue;
    seen.add(parsed.data.id);
    layers.push(parsed.data);
  }
  const parsed = designDocument.safeParse({
    version: meta.get('version'),
    width: meta.get('width'),
    height: meta.get('height'),
    background: meta.get('background'),
    layers,
  });
  return parsed.success ? parsed.data : null;
}
