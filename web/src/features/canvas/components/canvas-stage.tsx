import type { DesignDocument, Layer } from '@atelier/shared/creative/design-document';
import {
  type CSSProperties,
  type KeyboardEvent,
  type PointerEvent,
  useEffect,
  useRef,
  useState,
} from 'react';
import { colourOf } from '../../../components/document-preview';
import { useT } from '../../../lib/use-t';
import type { Box } from '../layer-ops';
import type { Peer } from '../presence';

type Colour = DesignDocument['background']['color'];
/** As the previews paint it, with `transparent` for an unset colour (CSS, not SVG). */
export const paint = (c: Colour | null | undefined): string => colourOf(c, 'transparent');

function layerStyle(l: Layer): CSSProperties {
  const base: CSSProperties = {
    left: l.x,
    top: l.y,
    width: l.width,
    height: l.height,
    opacity: l.opacity,
    transform: l.rotation ? `rotate(${l.rotation}deg)` : undefined,
  };
  switch (l.type) {
    case 'text':
      return {
        ...base,
        color: paint(l.color),
        fontFamily: `${l.fontFamily}, system-ui, sans-serif`,
        fontSize: l.fontSize,
        fontWeight: l.fontWeight,
        fontStyle: l.fontStyle,
        lineHeight: l.lineHeight,
        letterSpacing: l.letterSpacing,
        textAlign: l.align,
        textTransform: l.textTransform === 'none' ? undefined : l.textTransform,
      };
    case 'shape':
      if (l.shape === 'line') return base;
      return {
        ...base,
        background: paint(l.fill),
        borderRadius: l.shape === 'ellipse' ? '50%' : l.cornerRadius,
        border: l.stroke ? `${l.stroke.width}px solid ${paint(l.stroke.color)}` : undefined,
        boxSizing: 'border-box',
      };
    case 'image_slot':
      return { ...base, borderRadius: l.cornerRadius };
    case 'logo_slot':
      return base;
  }
}

function LayerContent({ layer: l }: { layer: Layer }) {
  const { t } = useT();
  if (l.type === 'text') return <span className="canvas-text">{l.text}</span>;
  if (l.type === 'shape' && l.shape === 'line')
    return (
      <svg width="100%" height="100%" aria-hidden="true" focusable="false" overflow="visible">
        <line
          x1="0"
          y1="0"
          x2="100%"
          y2="100%"
          stroke={paint(l.stroke?.color ?? '#18181B')}
          strokeWidth={l.stroke?.width ?? 2}
        />
      </svg>
    );
  if (l.type === 'image_slot' || l.type === 'logo_slot')
    return (
      <span className="canvas-slot-label">
        {l.type === 'logo_slot' ? t('canvas:layer.logoSlot') : l.hint || t('canvas:layer.imageSlot')}
      </span>
    );
  return null;
}

export interface StageProps {
  doc: DesignDocument;
  readOnly: boolean;
  selected: string | null;
  peers: Peer[];
  onSelect(id: string | null): void;
  /** A box change of a layer (moves and resizes); `done` ends a drag. */
  onBox(id: string, box: Partial<Box>): void;
  onCursor(at: { x: number; y: number } | null): void;
  onEditText(id: string): void;
}

type Drag = { id: string; mode: 'move' | 'resize'; startX: number; startY: number; box: Box };

/**
 * The design at its own size, scaled down to fit the space it has (a phone included). Layers are
 * absolutely positioned boxes: pointer drags move them, the corner handle resizes, and with a layer
 * focused the arrow keys move it (Shift: 10 px; Alt: resize instead).
 */
export function CanvasStage({
  doc,
  readOnly,
  selected,
  peers,
  onSelect,
  onBox,
  onCursor,
  onEditText,
}: StageProps) {
  const { t } = useT();
  const viewport = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const drag = useRef<Drag | null>(null);
  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const measure = () => setWidth(el.clientWidth);
    measure();
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    ro?.observe(el);
    return () => ro?.disconnect();
  }, []);
  const scale = width > 0 ? Math.min(1, width / doc.width) : 1;
  const toDoc = (e: { clientX: number; clientY: number }) => {
    const r = viewport.current?.querySelector('.canvas-page')?.getBoundingClientRect();
    return r ? { x: (e.clientX - r.left) / scale, y: (e.clientY - r.top) / scale } : null;
  };

  const startDrag = (e: PointerEvent, l: Layer, mode: Drag['mode']) => {
    onSelect(l.id);
    if (readOnly || l.locked || e.button !== 0) return;
    e.stopPropagation();
    (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
    drag.current = { id: l.id, mode, startX: e.clientX, startY: e.clientY, box: { ...l } };
  };
  const moveDrag = (e: PointerEvent) => {
    const at = toDoc(e);
    onCursor(at && { x: Math.round(at.x), y: Math.round(at.y) });
    const d = drag.current;
    if (!d) return;
    const dx = (e.clientX - d.startX) / scale;
    const dy = (e.clientY - d.startY) / scale;
    if (d.mode === 'move') onBox(d.id, { x: d.box.x + dx, y: d.box.y + dy });
    else onBox(d.id, { width: d.box.width + dx, height: d.box.height + dy });
  };
  const endDrag = () => {
    drag.current = null;
  };

  const onKey = (e: KeyboardEvent, l: Layer) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (selected === l.id && l.type === 'text' && !readOnly) onEditText(l.id);
      else onSelect(l.id);
      return;
    }
    if (e.key === 'Escape') return onSelect(null);
    const arrows: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    };
    const dir = arrows[e.key];
    if (!dir || readOnly || l.locked) return;
    e.preventDefault();
    onSelect(l.id);
    const step = e.shiftKey ? 10 : 1;
    if (e.altKey) onBox(l.id, { width: l.width + dir[0] * step, height: l.height + dir[1] * step });
    else onBox(l.id, { x: l.x + dir[0] * step, y: l.y + dir[1] * step });
  };

  const others = peers.filter((p) => !p.self);
  return (
    <div className="canvas-viewport" ref={viewport}>
      <div
        className="canvas-stage"
        style={{ width: doc.width * scale, height: doc.height * scale }}
        onPointerMove={moveDrag}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
        onPointerLeave={() => onCursor(null)}
        onPointerDown={(e) => {
          if (e.target === e.currentTarget || (e.target as HTMLElement).classList.contains('canvas-page'))
            onSelect(null);
        }}
      >
        <div
          className="canvas-page"
          style={{
            width: doc.width,
            height: doc.height,
            transform: `scale(${scale})`,
            background: paint(doc.background.color),
          }}
        >
          {doc.layers
            .filter((l) => l.visible)
            .map((l) => {
              const by = others.filter((p) => p.selection === l.id);
              const type = t(`canvas:layer.types.${l.type}`);
              // A text layer's name includes its text: what is seen is what is announced (2.5.3).
              const name =
                l.type === 'text'
                  ? t('canvas:layer.labelText', { name: l.name, type, text: l.text })
                  : t('canvas:layer.label', { name: l.name, type });
              return (
                // biome-ignore lint/a11y/useSemanticElements: a positioned box that is dragged, not a form button
                <div
                  key={l.id}
                  role="button"
                  tabIndex={0}
                  aria-label={name}
                  aria-pressed={selected === l.id}
                  data-layer={l.id}
                  className={`canvas-layer canvas-layer--${l.type}`}
                  data-selected={selected === l.id}
                  style={{
                    ...layerStyle(l),
                    outlineColor: by[0]?.colour,
                  }}
                  data-remote={by.length > 0 || undefined}
                  onPointerDown={(e) => startDrag(e, l, 'move')}
                  onDoubleClick={() => l.type === 'text' && !readOnly && onEditText(l.id)}
                  onKeyDown={(e) => onKey(e, l)}
                >
                  <LayerContent layer={l} />
                  {selected === l.id && !readOnly && !l.locked && (
                    <span
                      className="canvas-handle"
                      aria-hidden="true"
                      style={{ transform: `scale(${1 / scale})` }}
                      onPointerDown={(e) => startDrag(e, l, 'resize')}
                    />
                  )}
                </div>
              );
            })}
        </div>
        {others
          .filter((p) => p.cursor)
          .map((p) => (
            <div
              key={p.clientId}
              className="canvas-cursor"
              data-testid="remote-cursor"
              style={{ left: p.cursor!.x * scale, top: p.cursor!.y * scale, color: p.colour }}
            >
              <svg width="16" height="20" viewBox="0 0 16 20" aria-hidden="true" focusable="false">
                <path d="M0 0L16 12L9 13L6 20Z" fill="currentColor" stroke="#fff" strokeWidth="1" />
              </svg>
              <span style={{ background: p.colour }}>{p.name}</span>
            </div>
          ))}
      </div>
    </div>
  );
}
