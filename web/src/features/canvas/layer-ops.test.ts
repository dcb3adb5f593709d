import { yToDocument } from '@atelier/shared/collab/design-document-yjs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createUndoManager, setLayerText, updateBox } from './layer-ops';
import { linkedDocs } from './test-support';

describe('layer edits on the Yjs doc', () => {
  it('moves, resizes and retypes a layer so that the other replica reads the same document', () => {
    const { a, b } = linkedDocs();
    updateBox(a, 'bg', { x: 100.4, y: -20, width: 0 });
    setLayerText(a, 'headline', 'Hello, brave new world');
    const doc = yToDocument(b)!;
    expect(doc.layers[0]).toMatchObject({ x: 100, y: -20, width: 1 });
    expect(doc.layers[1]).toMatchObject({ text: 'Hello, brave new world' });
  });

  it('keeps both people’s typing when they edit different parts of one text at once', () => {
    const { a, b } = linkedDocs();
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(b));
    setLayerText(a, 'headline', 'Hello wide world');
    setLayerText(offline, 'headline', 'Hello world!');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(offline), 'reconnect');
    expect(yToDocument(a)!.layers[1]).toMatchObject({ text: 'Hello wide world!' });
    expect(yToDocument(b)).toEqual(yToDocument(a));
  });

  it('undoes only this tab’s edits', () => {
    const { a, b } = linkedDocs();
    const undo = createUndoManager(a);
    updateBox(a, 'bg', { x: 200 });
    updateBox(b, 'headline', { y: 10 });
    undo.undo();
    expect(yToDocument(b)!.layers.map((l) => [l.x, l.y])).toEqual([
      [40, 40],
      [80, 10],
    ]);
    undo.redo();
    expect(yToDocument(b)!.layers[0]!.x).toBe(200);
  });
});
