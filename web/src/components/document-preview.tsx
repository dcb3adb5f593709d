import type { DesignDocument } from '../lib/api';

type Doc = DesignDocument;
type Layer = Doc['layers'][number];
type Colour = Doc['background']['color'];

/** What a brand slot shows without a brand kit (the document's own fallback wins). */
const slotDefaults = {
  primary: '#4338CA',
  secondary: '#0F766E',
  accent: '#E4572E',
  text: '#18181B',
  background: '#FFFFFF',
} as const;

/** A colour as CSS/SVG paints it: a literal, a brand slot's fallback or default, or `none` when unset. */
export const colourOf = (c: Colour | null | undefined, none = 'none'): string =>
  !c ? none : typeof c === 'string' ? c : (c.fallback ?? slotDefaults[c.brand]);
const paint = (c: Colour | null | undefined) => colourOf(c);

const transformText = (l: Extract<Layer, { type: 'text' }>) =>
  l.textTransform === 'uppercase'
    ? l.text.toUpperCase()
    : l.textTransform === 'lowercase'
      ? l.text.toLowerCase()
      : l.text;

function LayerShape({ layer: l }: { layer: Layer }) {
  const rotate = l.rotation ? `rotate(${l.rotation} ${l.x + l.width / 2} ${l.y + l.height / 2})` : undefined;
  const common = { opacity: l.opacity, transform: rotate };
  switch (l.type) {
    case 'shape': {
      const stroke = l.stroke ? { stroke: paint(l.stroke.color), strokeWidth: l.stroke.width } : {};
      if (l.shape === 'ellipse')
        return (
          <ellipse
            {...common}
            {...stroke}
            cx={l.x + l.width / 2}
            cy={l.y + l.height / 2}
            rx={l.width / 2}
            ry={l.height / 2}
            fill={paint(l.fill)}
          />
        );
      if (l.shape === 'line')
        return <line {...common} {...stroke} x1={l.x} y1={l.y} x2={l.x + l.width} y2={l.y + l.height} />;
      return (
        <rect
          {...common}
          {...stroke}
          x={l.x}
          y={l.y}
          width={l.width}
          height={l.height}
          rx={l.cornerRadius}
          fill={paint(l.fill)}
        />
      );
    }
    case 'text': {
      const anchor = l.align === 'center' ? 'middle' : l.align === 'right' ? 'end' : 'start';
      const x = l.align === 'center' ? l.x + l.width / 2 : l.align === 'right' ? l.x + l.width : l.x;
      const step = l.fontSize * l.lineHeight;
      return (
        <text
          {...common}
          x={x}
          y={l.y}
          fill={paint(l.color)}
          fontFamily={`${l.fontFamily}, system-ui, sans-serif`}
          fontSize={l.fontSize}
          fontWeight={l.fontWeight}
          fontStyle={l.fontStyle}
          letterSpacing={l.letterSpacing}
          textAnchor={anchor}
        >
          {transformText(l)
            .split('\n')
            .map((line, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity but their position
              <tspan key={i} x={x} dy={i === 0 ? l.fontSize : step}>
                {line}
              </tspan>
            ))}
        </text>
      );
    }
    // Slots are placeholders until the studio fills them: a hatched box says "something goes here".
    case 'image_slot':
    case 'logo_slot':
      return (
        <rect
          {...common}
          x={l.x}
          y={l.y}
          width={l.width}
          height={l.height}
          rx={l.type === 'image_slot' ? l.cornerRadius : 0}
          fill="url(#slot-hatch)"
          stroke="#8A8A94"
          strokeWidth={Math.max(2, Math.min(l.width, l.height) / 80)}
          strokeDasharray="12 8"
        />
      );
  }
}

/**
 * A read-only picture of a design document (docs/design-document.md) as SVG: enough for gallery cards,
 * previews and history. The studio's editable canvas comes with its own issue.
 */
/** Without `label` the picture is decorative (e.g. inside a button already named). */
export function DocumentPreview({ document: doc, label }: { document: Doc; label?: string }) {
  return (
    <svg
      className="doc-preview"
      viewBox={`0 0 ${doc.width} ${doc.height}`}
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      focusable="false"
      preserveAspectRatio="xMidYMid meet"
    >
      <defs>
        <pattern id="slot-hatch" width="24" height="24" patternUnits="userSpaceOnUse">
          <rect width="24" height="24" fill="#E2E2E8" />
          <path d="M0 24L24 0" stroke="#C4C4CC" strokeWidth="4" />
        </pattern>
      </defs>
      <rect width={doc.width} height={doc.height} fill={paint(doc.background.color)} />
      {doc.layers
        .filter((l) => l.visible)
        .map((l) => (
          <LayerShape key={l.id} layer={l} />
        ))}
    </svg>
  );
}
