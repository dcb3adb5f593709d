import { yToDocument } from '@atelier/shared/collab/design-document-yjs';
import type { DesignDocument } from '@atelier/shared/creative/design-document';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { useT } from '../../../lib/use-t';
import { type Box, createUndoManager, setLayerText, updateBox } from '../layer-ops';
import { type LocalPresence, usePeers } from '../presence';
import { CanvasStage } from './canvas-stage';
import { LayerProperties } from './layer-properties';
import { PresenceList } from './presence-list';

export interface EditorProps {
  ydoc: Y.Doc;
  awareness: Awareness;
  readOnly: boolean;
  me: { name: string; colour: string };
  /** The layer the comments panel talks about. */
  onSelectionChange?(id: string | null): void;
}

/** The document as the Yjs doc says, read again after every change (local or remote). */
function useDocument(ydoc: Y.Doc): DesignDocument | null {
  const [doc, setDoc] = useState(() => yToDocument(ydoc));
  useEffect(() => {
    const read = () => setDoc(yToDocument(ydoc));
    read();
    ydoc.on('update', read);
    return () => ydoc.off('update', read);
  }, [ydoc]);
  return doc;
}

const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The collaborative canvas: presence, undo/redo, the stage and the selected layer's properties. */
export function CanvasEditor({ ydoc, awareness, readOnly, me, onSelectionChange }: EditorProps) {
  const { t } = useT();
  const doc = useDocument(ydoc);
  const peers = usePeers(awareness);
  const [selected, setSelected] = useState<string | null>(null);
  const undo = useMemo(() => createUndoManager(ydoc), [ydoc]);
  const [stacks, setStacks] = useState({ undo: 0, redo: 0 });
  const textArea = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const read = () => setStacks({ undo: undo.undoStack.length, redo: undo.redoStack.length });
    undo.on('stack-item-added', read);
    undo.on('stack-item-popped', read);
    undo.on('stack-cleared', read);
    return () => undo.destroy();
  }, [undo]);
  useEffect(() => {
    const state: LocalPresence = { user: { name: me.name, color: me.colour }, cursor: null, selection: [] };
    awareness.setLocalState(state);
    return () => awareness.setLocalState(null);
  }, [awareness, me.name, me.colour]);

  const select = useCallback(
    (id: string | null) => {
      setSelected(id);
      awareness.setLocalStateField('selection', id ? [id] : []);
      onSelectionChange?.(id);
    },
    [awareness, onSelectionChange],
  );
  // A layer removed by someone else is no longer selected here.
  useEffect(() => {
    if (selected && doc && !doc.layers.some((l) => l.id === selected)) select(null);
  }, [doc, selected, select]);

  const frame = useRef(0);
  const onCursor = useCallback(
    (at: { x: number; y: number } | null) => {
      cancelAnimationFrame(frame.current);
      // One awareness message per frame at most, however fast the pointer moves.
      frame.current = requestAnimationFrame(() => awareness.setLocalStateField('cursor', at));
    },
    [awareness],
  );
  const onBox = useCallback(
    (id: string, box: Partial<Box>) => {
      if (!readOnly) updateBox(ydoc, id, box);
    },
    [ydoc, readOnly],
  );
  const onText = useCallback(
    (id: string, text: string) => {
      if (!readOnly) setLayerText(ydoc, id, text);
    },
    [ydoc, readOnly],
  );

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (readOnly) return;
    const target = e.target as HTMLElement;
    // Inside a field the field's own undo applies.
    if (target.closest('input, textarea')) return;
    const mod = isMac() ? e.metaKey : e.ctrlKey;
    if (!mod) return;
    const key = e.key.toLowerCase();
    if (key === 'z' && !e.shiftKey) {
      e.preventDefault();
      undo.undo();
    } else if ((key === 'z' && e.shiftKey) || key === 'y') {
      e.preventDefault();
      undo.redo();
    }
  };

  if (!doc) return <p role="status">{t('canvas:loadingDocument')}</p>;
  const layer = doc.layers.find((l) => l.id === selected) ?? null;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: keyboard shortcuts for the whole editor (undo/redo)
    <div className="canvas-editor" onKeyDown={onKeyDown}>
      <div className="toolbar canvas-toolbar">
        <PresenceList peers={peers} />
        <div className="toolbar">
          <button
            type="button"
            className="button button--secondary"
            disabled={readOnly || stacks.undo === 0}
            onClick={() => undo.undo()}
            aria-keyshortcuts={isMac() ? 'Meta+Z' : 'Control+Z'}
          >
            {t('canvas:undo')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={readOnly || stacks.redo === 0}
            onClick={() => undo.redo()}
            aria-keyshortcuts={isMac() ? 'Meta+Shift+Z' : 'Control+Shift+Z'}
          >
            {t('canvas:redo')}
          </button>
        </div>
      </div>
      <p className="muted canvas-help" id="canvas-help">
        {readOnly ? t('canvas:helpReadOnly') : t('canvas:help')}
      </p>
      <div className="canvas-layout">
        <CanvasStage
          doc={doc}
          readOnly={readOnly}
          selected={selected}
          peers={peers}
          onSelect={select}
          onBox={onBox}
          onCursor={onCursor}
          onEditText={() => textArea.current?.focus()}
        />
        <LayerProperties
          layers={doc.layers}
          layer={layer}
          readOnly={readOnly}
          onSelect={select}
          onBox={onBox}
          onText={onText}
          textArea={textArea}
        />
      </div>
    </div>
  );
}
