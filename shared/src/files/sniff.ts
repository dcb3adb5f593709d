/** The image types we accept, as their media types. */
export const imageTypes = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export type ImageType = (typeof imageTypes)[number];

/** The font types we accept (brand kits), as their media types. */
export const fontTypes = ['font/woff2', 'font/woff', 'font/ttf', 'font/otf'] as const;
export type FontType = (typeof fontTypes)[number];

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((ch) => ch.charCodeAt(0));

/**
 * The real type of an upload from its first bytes (magic numbers), whatever the browser declared.
 * Four signatures are all we accept, so a few lines replace a file-type dependency and its ESM-only
 * tree in the bundle.
 */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return undefined;
}

/**
 * A font's type from its signature: `wOF2`, `wOFF`, an sfnt version of 1.0 or `true` (TrueType) or
 * `OTTO` (CFF OpenType). Anything else (a renamed image, a script) is not a font.
 */
export function sniffFontType(bytes: Uint8Array): FontType | undefined {
  if (startsWith(bytes, ascii('wOF2'))) return 'font/woff2';
  if (startsWith(bytes, ascii('wOFF'))) return 'font/woff';
  if (startsWith(bytes, ascii('OTTO'))) return 'font/otf';
  if (startsWith(bytes, [0x00, 0x01, 0x00, 0x00]) || startsWith(bytes, ascii('true'))) return 'font/ttf';
  return undefined;
}
