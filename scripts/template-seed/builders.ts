import type { Colour, DesignDocumentInput } from '../../shared/src/creative/design-document';

/** Layer builders the layouts share: every box in whole pixels. */
export type Layer = DesignDocumentInput['layers'][number];

export const brand = (
  slot: 'primary' | 'secondary' | 'accent' | 'text' | 'background',
  fallback: string,
): Colour => ({
  brand: slot,
  fallback,
});
export const r = Math.round;

/** A text box tall enough for its copy at this size (about 0.55 em a character, 0.62 in bold). */
export function text(
  id: string,
  name: string,
  copy: string,
  box: { x: number; y: number; width: number },
  style: { font: string; size: number; weight: 400 | 500 | 600 | 700 | 800 | 900; color: Colour },
  extra: Partial<Extract<Layer, { type: 'text' }>> = {},
): Layer {
  const perLine = Math.max(1, Math.floor(box.width / (style.size * (style.weight >= 700 ? 0.62 : 0.55))));
  const lines = copy.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(l.length / perLine)), 0);
  const lineHeight = extra.lineHeight ?? 1.2;
  return {
    id,
    name,
    type: 'text',
    x: r(box.x),
    y: r(box.y),
    width: r(box.width),
    height: r(lines * style.size * lineHeight),
    text: copy,
    fontFamily: style.font,
    fontSize: r(style.size),
    fontWeight: style.weight,
    color: style.color,
    align: 'left',
    ...extra,
  };
}
export const rect = (
  id: string,
  name: string,
  x: number,
  y: number,
  w: number,
  h: number,
  fill: Colour | null,
) => ({ id, name, type: 'shape', shape: 'rect', x: r(x), y: r(y), width: r(w), height: r(h), fill }) as Layer;
export const ellipse = (id: string, name: string, x: number, y: number, d: number, fill: Colour) =>
  ({ id, name, type: 'shape', shape: 'ellipse', x: r(x), y: r(y), width: r(d), height: r(d), fill }) as Layer;
export const photo = (x: number, y: number, w: number, h: number, hint: string): Layer => ({
  id: 'photo',
  name: 'Photo',
  type: 'image_slot',
  x: r(x),
  y: r(y),
  width: r(w),
  height: r(h),
  fit: 'cover',
  hint,
});
export const logo = (W: number, H: number, m: number): Layer => {
  const w = Math.min(W, H) * 0.16;
  return {
    id: 'logo',
    name: 'Logo',
    type: 'logo_slot',
    x: r(W - m - w),
    y: r(H - m - w / 2),
    width: r(w),
    height: r(w / 2),
  };
};
/** A call to action: a pill with its label centred on it. */
export function button(
  label: string,
  x: number,
  y: number,
  size: number,
  fill: Colour,
  ink: Colour,
  font: string,
) {
  const w = label.length * size * 0.62 + size * 2.4;
  const h = size * 2.4;
  return [
    { ...(rect('cta_bg', 'Button', x, y, w, h, fill) as object), cornerRadius: r(h / 2) } as Layer,
    text(
      'cta',
      'Button label',
      label,
      { x, y: y + size * 0.6, width: w },
      { font, size, weight: 700, color: ink },
      {
        align: 'center',
      },
    ),
  ];
}
