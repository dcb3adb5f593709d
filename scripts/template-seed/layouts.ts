import type { Colour, DesignDocumentInput } from '../../shared/src/creative/design-document';
import { brand, button, ellipse, type Layer, logo, photo, r, rect, text } from './builders';

/**
 * Layouts the seeded gallery is drawn with. Each places its layers in proportion to the canvas, so one
 * layout serves square, portrait and landscape formats; colours are brand slots with the template's own
 * palette as fallback, so applying a brand kit re-colours a template.
 */
export interface Copy {
  kicker?: string;
  title: string;
  sub?: string;
  cta?: string;
  footer?: string;
}
export interface Palette {
  bg: string;
  primary: string;
  accent: string;
  ink: string;
  /** Text on `primary` (and on photos). */
  onPrimary: string;
}
export interface Look {
  copy: Copy;
  palette: Palette;
  fonts: { head: string; body: string };
  /** What the image slot should hold (also the generation prompt offered). */
  hint: string;
}
export const layoutIds = ['photo_band', 'bold_type', 'split', 'quote', 'overlay', 'badge'] as const;
export type LayoutId = (typeof layoutIds)[number];

interface Region {
  x: number;
  top: number;
  bottom: number;
  width: number;
}
interface ColumnStyle {
  align: 'left' | 'center';
  /** Sizes as fractions of the canvas' shorter side. */
  title: number;
  kicker: Colour;
  ink: Colour;
  ctaFill?: Colour;
  ctaInk?: Colour;
  /** A short accent line between title and subline (quotes). */
  rule?: Colour;
  titleWeight?: 700 | 800 | 900;
}

/**
 * Kicker, headline, subline and button stacked in a region and centred in it vertically, at the largest
 * size (up to the style's) that fits, so long copy never runs into the logo or off the canvas.
 */
function column(region: Region, copy: Copy, look: Look, base: number, style: ColumnStyle): Layer[] {
  const { fonts } = look;
  const centred = style.align === 'center' ? { align: 'center' as const } : {};
  for (let scale = 1; ; scale *= 0.92) {
    const out: Layer[] = [];
    let y = 0;
    const put = (...ls: Layer[]) => {
      out.push(...ls);
      y = Math.max(...ls.map((l) => l.y + l.height)) + base * 0.035 * scale;
    };
    const box = { x: region.x, y: 0, width: region.width };
    if (copy.kicker)
      put(
        text(
          'kicker',
          'Kicker',
          copy.kicker,
          box,
          { font: fonts.body, size: base * 0.034 * scale, weight: 600, color: style.kicker },
          {
            ...centred,
            textTransform: 'uppercase',
            letterSpacing: 2,
          },
        ),
      );
    const weight = style.titleWeight ?? 800;
    put(
      text(
        'title',
        'Headline',
        copy.title,
        { ...box, y },
        { font: fonts.head, size: base * style.title * scale, weight, color: style.ink },
        {
          ...centred,
          lineHeight: weight === 700 ? 1.3 : 1.08,
        },
      ),
    );
    if (style.rule) {
      const w = base * 0.15;
      const x = style.align === 'center' ? region.x + (region.width - w) / 2 : region.x;
      put({
        id: 'rule',
        name: 'Rule',
        type: 'shape',
        shape: 'line',
        x: r(x),
        y: r(y),
        width: r(w),
        height: 0,
        stroke: { color: style.rule, width: r(base * 0.006) },
      });
    }
    if (copy.sub)
      put(
        text(
          'sub',
          'Subline',
          copy.sub,
          { ...box, y },
          { font: fonts.body, size: base * 0.034 * scale, weight: 400, color: style.ink },
          {
            ...centred,
            ...(style.rule ? { fontStyle: 'italic' as const } : {}),
          },
        ),
      );
    if (copy.cta && style.ctaFill && style.ctaInk) {
      const size = base * 0.028 * scale;
      const w = copy.cta.length * size * 0.62 + size * 2.4;
      const x = style.align === 'center' ? region.x + (region.width - w) / 2 : region.x;
      put(...button(copy.cta, x, y + base * 0.01, size, style.ctaFill, style.ctaInk, fonts.body));
    }
    const height = y - base * 0.035 * scale;
    if (height <= region.bottom - region.top || scale < 0.4) {
      const dy = region.top + (region.bottom - region.top - height) / 2;
      return out.map((l) => ({ ...l, y: r(l.y + dy) }));
    }
  }
}

export function drawLayout(layout: LayoutId, W: number, H: number, look: Look): DesignDocumentInput {
  const { copy, palette: p } = look;
  const base = Math.min(W, H);
  const m = base * 0.07;
  const landscape = W / H > 1.2;
  const primary = brand('primary', p.primary);
  const accent = brand('accent', p.accent);
  const ink = brand('text', p.ink);
  const onPrimary = brand('background', p.onPrimary);
  const logoAt = logo(W, H, m);
  const lowest = logoAt.y - m * 0.5;
  const layers: Layer[] = [];
  let background: Colour = brand('background', p.bg);
  // The footer sits bottom-left on whatever is there: the band, the page or the photo.
  let footer = { x: m, color: p.onPrimary as Colour };
  let logoLayer = logoAt;

  switch (layout) {
    case 'photo_band':
    case 'split': {
      const band = layout === 'photo_band';
      const cut = landscape ? W * (band ? 0.55 : 0.5) : H * (H > W ? 0.58 : 0.5);
      layers.push(landscape ? photo(0, 0, cut, H, look.hint) : photo(0, 0, W, cut, look.hint));
      if (band)
        layers.push(
          landscape
            ? rect('band', 'Band', cut, 0, W - cut, H, primary)
            : rect('band', 'Band', 0, cut, W, H - cut, primary),
        );
      const x = landscape ? cut + m : m;
      const region = {
        x,
        width: (landscape ? W - cut : W) - 2 * m,
        top: landscape ? m : cut + m,
        bottom: lowest,
      };
      const fg = band ? p.onPrimary : ink;
      layers.push(
        ...column(region, copy, look, base, {
          align: 'left',
          title: band ? 0.08 : 0.07,
          kicker: band ? accent : primary,
          ink: fg,
          ctaFill: band ? accent : primary,
          ctaInk: band ? p.ink : onPrimary,
        }),
      );
      footer = { x, color: fg };
      break;
    }
    case 'bold_type': {
      layers.push(ellipse('blob', 'Decoration', W - base * 0.45, -base * 0.15, base * 0.6, accent));
      layers.push(ellipse('dot', 'Dot', m, m, base * 0.08, primary));
      const region = { x: m, width: W * 0.8, top: m * 2 + base * 0.08, bottom: lowest };
      layers.push(
        ...column(region, copy, look, base, {
          align: 'left',
          title: 0.12,
          titleWeight: 900,
          kicker: primary,
          ink,
          ctaFill: primary,
          ctaInk: onPrimary,
        }),
      );
      footer = { x: m, color: ink };
      break;
    }
    case 'quote': {
      background = primary;
      const mark = text(
        'mark',
        'Quote mark',
        '“',
        { x: m, y: m * 0.5, width: base * 0.25 },
        { font: look.fonts.head, size: base * 0.22, weight: 900, color: accent },
        { lineHeight: 1 },
      );
      layers.push(mark);
      const region = { x: m, width: W - 2 * m, top: mark.y + mark.height, bottom: lowest };
      layers.push(
        ...column(region, copy, look, base, {
          align: 'left',
          title: 0.065,
          titleWeight: 700,
          kicker: accent,
          ink: p.onPrimary,
          rule: accent,
        }),
      );
      break;
    }
    case 'overlay':
    case 'badge': {
      layers.push(photo(0, 0, W, H, look.hint));
      layers.push({ ...(rect('shade', 'Shade', 0, 0, W, H, '#000000') as object), opacity: 0.4 } as Layer);
      let top = m * 1.5;
      if (layout === 'overlay') {
        const frame = rect('frame', 'Frame', m / 2, m / 2, W - m, H - m, null);
        layers.push({ ...(frame as object), stroke: { color: '#FFFFFF', width: r(base * 0.006) } } as Layer);
      } else {
        const d = base * (landscape ? 0.3 : 0.34);
        layers.push(ellipse('badge', 'Badge', W - m - d, m, d, accent));
        const badge = text(
          'badge_text',
          'Badge text',
          copy.kicker ?? '',
          { x: W - m - d, y: 0, width: d },
          { font: look.fonts.head, size: base * 0.08, weight: 900, color: p.ink },
          { align: 'center', lineHeight: 1 },
        );
        layers.push({ ...badge, y: r(m + (d - badge.height) / 2) } as Layer);
        logoLayer = { ...logoAt, x: r(m), y: r(m) };
        top = landscape ? m : m + d + m * 0.5;
      }
      const region = { x: 2 * m, width: W - 4 * m, top, bottom: lowest };
      const words = layout === 'badge' ? { ...copy, kicker: undefined } : copy;
      layers.push(
        ...column(region, words, look, base, {
          align: 'center',
          title: 0.09,
          titleWeight: 900,
          kicker: '#FFFFFF',
          ink: '#FFFFFF',
          ctaFill: accent,
          ctaInk: p.ink,
        }),
      );
      footer = { x: m, color: '#FFFFFF' };
      break;
    }
  }
  layers.push(logoLayer);
  if (copy.footer) {
    const box = { x: footer.x, y: 0, width: Math.max(base * 0.3, logoAt.x - footer.x - m * 0.5) };
    const line = text('footer', 'Footer', copy.footer, box, {
      font: look.fonts.body,
      size: base * 0.026,
      weight: 400,
      color: footer.color,
    });
    layers.push({ ...line, y: r(H - m - line.height) } as Layer);
  }
  return { version: 1, width: W, height: H, background: { color: background }, layers };
}
