import { applyDocumentToY } from '@atelier/shared/collab/design-document-yjs';
import type { DesignDocument } from '@atelier/shared/creative/design-document';
import * as Y from 'yjs';

/** Test fixtures: a two-layer design and two linked replicas of it. */
export const sampleDoc: DesignDocument = {
  version: 1,
  width: 1080,
  height: 1080,
  background: { color: '#FFFFFF' },
  layers: [
    {
      id: 'bg',
      name: 'Panel',
      type: 'shape',
      shape: 'rect',
      x: 40,
      y: 40,
      width: 1000,
      height: 400,
      rotation: 0,
      opacity: 1,
      visible: true,
      locked: false,
      fill: '#E0E7FF',
      stroke: null,
      cornerRadius: 24,
    },
    {
      id: 'headline',
      name: 'Headline',
      type: 'text',
      x: 80,
      y: 600,
      width: 900,
      height: 160,
      rotation: 0,
      opacity: 1,
      visible: true,
      locked: false,
      text: 'Hello world',
      fontFamily: 'Inter',
      fontSize: 96,
      fontWeight: 700,
      fontStyle: 'normal',
      color: '#18181B',
      align: 'left',
      lineHeight: 1.2,
      letterSpacing: 0,
      textTransform: 'none',
    },
  ],
};

/** Two replicas that exchange every update, as the collab room would. */
export function linkedDocs() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, u, 'remote'));
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, u, 'remote'));
  applyDocumentToY(a, sampleDoc);
  return { a, b };
}
