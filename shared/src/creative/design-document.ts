import * as z from 'zod';
import { CUSTOM_MAX_PX, CUSTOM_MIN_PX } from './formats';

/**
 * The design document: the JSON the studio edits, one per project, and what a template holds
 * (docs/design-document.md). Version 1 is a contract between the studio, `workbenches` and `templates`:
 * add only optional fields to it; anything else is version 2 with a migration of stored documents.
 * Objects are strict and every list and string is bounded, so a stored document cannot grow without
 * bound (≤ 200 layers of ≤ 2,000-character strings stays well under 1 MiB).
 */
export const DESIGN_DOCUMENT_VERSION = 1;
export const MAX_LAYERS = 200;
export const MAX_STRING = 2_000;
/** How far a layer may sit outside the canvas or grow past it, in px (bleed, off-canvas drafts). */
const MAX_COORD = 10_000;

const str = (max = MAX_STRING) => z.string().max(max, `must be at most ${max} characters`);
const coord = z.number().min(-MAX_COORD).max(MAX_COORD);
const length = z.number().min(0).max(MAX_COORD);

/** Slots a brand kit fills; the studio shows `fallback` (or a neutral default) without a brand kit. */
export const brandColourSlots = ['primary', 'secondary', 'accent', 'text', 'background'] as const;
export type BrandColourSlot = (typeof brandColourSlots)[number];

export const hexColour = z
  .string()
  .regex(/^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/, 'must be a hex colour (#RRGGBB or #RRGGBBAA)');
/** A colour: a hex literal, or a reference to a brand-kit colour slot. */
export const colour = z.union([
  hexColour,
  z.strictObject({ brand: z.enum(brandColourSlots), fallback: hexColour.optional() }),
]);
export type Colour = z.infer<typeof colour>;

/** What every layer has: identity, box (top-left x/y, px on the canvas) and rotation in degrees. */
const layerBase = {
  /** Unique within the document; stable across edits (collaboration syncs by it). */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, - or _'),
  name: str(100),
  x: coord,
  y: coord,
  width: length,
  height: length,
  rotation: z.number().min(-360).max(360).default(0),
  opacity: z.number().min(0).max(1).default(1),
  visible: z.boolean().default(true),
  locked: z.boolean().default(false),
};

export const textLayer = z.strictObject({
  ...layerBase,
  type: z.literal('text'),
  text: str(),
  fontFamily: str(100),
  fontSize: z.number().min(1).max(1_000),
  fontWeight: z.union([
    z.literal(100),
    z.literal(200),
    z.literal(300),
    z.literal(400),
    z.literal(500),
    z.literal(600),
    z.literal(700),
    z.literal(800),
    z.literal(900),
  ]),
  fontStyle: z.enum(['normal', 'italic']).default('normal'),
  color: colour,
  align: z.enum(['left', 'center', 'right']),
  /** Multiple of the font size. */
  lineHeight: z.number().min(0.5).max(5).default(1.2),
  /** In px. */
  letterSpacing: z.number().min(-100).max(100).default(0),
  textTransform: z.enum(['none', 'uppercase', 'lowercase']).default('none'),
});

export const stroke = z.strictObject({ color: colour, width: z.number().min(0).max(500) });

export const shapeLayer = z.strictObject({
  ...layerBase,
  type: z.literal('shape'),
  /** A `line` runs from (x, y) to (x + width, y + height) and draws only its stroke. */
  shape: z.enum(['rect', 'ellipse', 'line']),
  fill: colour.nullable().default(null),
  stroke: stroke.nullable().default(null),
  /** Rectangles only. */
  cornerRadius: length.default(0),
});

/** A placeholder the user (or a generation) fills with an image asset. */
export const imageSlotLayer = z.strictObject({
  ...layerBase,
  type: z.literal('image_slot'),
  fit: z.enum(['cover', 'contain']),
  /** The asset shown; null until the user picks or generates one. */
  assetId: z.uuid().nullable().default(null),
  /** What belongs here, shown in the empty slot and offered as a generation prompt. */
  hint: str(500).default(''),
  cornerRadius: length.default(0),
});

/** Where the brand kit's logo goes (its default logo, scaled to fit). */
export const logoSlotLayer = z.strictObject({
  ...layerBase,
  type: z.literal('logo_slot'),
  fit: z.literal('contain').default('contain'),
});

export const layer = z.discriminatedUnion('type', [textLayer, shapeLayer, imageSlotLayer, logoSlotLayer]);

export const designDocument = z
  .strictObject({
    version: z.literal(DESIGN_DOCUMENT_VERSION),
    width: z.number().int().min(CUSTOM_MIN_PX).max(CUSTOM_MAX_PX),
    height: z.number().int().min(CUSTOM_MIN_PX).max(CUSTOM_MAX_PX),
    background: z.strictObject({ color: colour }),
    /** Bottom to top: later layers are drawn over earlier ones. */
    layers: z.array(layer).max(MAX_LAYERS, `must have at most ${MAX_LAYERS} layers`),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.layers.forEach((l, i) => {
      if (seen.has(l.id))
        ctx.addIssue({ code: 'custom', path: ['layers', i, 'id'], message: 'is not unique in the document' });
      seen.add(l.id);
    });
  });

/** A document as stored (defaults filled in). */
export type DesignDocument = z.infer<typeof designDocument>;
/** A document as clients may send it (defaults may be left out). */
export type DesignDocumentInput = z.input<typeof designDocument>;
export type Layer = z.infer<typeof layer>;
export type TextLayer = z.infer<typeof textLayer>;
export type ShapeLayer = z.infer<typeof shapeLayer>;
export type ImageSlotLayer = z.infer<typeof imageSlotLayer>;
export type LogoSlotLayer = z.infer<typeof logoSlotLayer>;

/** The first document of a project made without a template: a white canvas of its size. */
export function blankDocument(width: number, height: number): DesignDocument {
  return { version: DESIGN_DOCUMENT_VERSION, width, height, background: { color: '#FFFFFF' }, layers: [] };
}
