import { createHash } from 'node:crypto';
import { loadSharp } from '../files/thumbnail';
import type { ImageProvider, ImageRequest, ImageResult } from './types';

/**
 * The provider used when no AI model is configured (local use, tests): it draws a placeholder from the
 * prompt with sharp — brand colours or a palette hashed from the prompt, the prompt's words, a layout
 * that changes with the sample index — under a band that says plainly it is not an AI image.
 */

export const OFFLINE_MODEL = 'offline-preview';
export const OFFLINE_BANNER = 'OFFLINE PREVIEW — no AI model configured';

const escapeXml = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

const HEX = /^#[0-9a-f]{6}$/i;

/** A palette of 3 colours from the brand's, topped up from a hash of the prompt. */
function palette(prompt: string, colors: string[] | undefined): string[] {
  const brand = (colors ?? []).filter((c) => HEX.test(c));
  const hash = createHash('sha256').update(prompt).digest();
  const hue = (hash[0]! / 255) * 360;
  const hashed = [0, 140, 220].map(
    (offset, i) => `hsl(${Math.round(hue + offset) % 360}, ${55 + (hash[i + 1]! % 30)}%, ${35 + i * 15}%)`,
  );
  return [...brand, ...hashed].slice(0, 3);
}

/** Greedy word wrap to `maxChars` per line, at most `maxLines` (the last one ellipsised). */
export function wrap(text: string, maxChars: number, maxLines: number): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (const raw of words) {
    const word = raw.length > maxChars ? `${raw.slice(0, maxChars - 1)}…` : raw;
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= maxChars) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
    if (lines.length === maxLines) break;
  }
  if (lines.length < maxLines && line !== '') lines.push(line);
  const cut = lines.slice(0, maxLines);
  if (cut.join(' ').length < text.replace(/\s+/g, ' ').trim().length && cut.length > 0) {
    const last = cut[cut.length - 1]!;
    cut[cut.length - 1] = `${last.slice(0, Math.max(0, maxChars - 1))}…`;
  }
  return cut;
}

/** Four compositions, so a batch's samples are told apart at a glance. */
function shapes(variant: number, w: number, h: number, [, c2, c3]: string[]): string {
  const m = Math.min(w, h);
  switch (variant % 4) {
    case 0:
      return `<circle cx="${w * 0.78}" cy="${h * 0.25}" r="${m * 0.28}" fill="${c2}" opacity="0.75"/>
        <circle cx="${w * 0.15}" cy="${h * 0.85}" r="${m * 0.18}" fill="${c3}" opacity="0.6"/>`;
    case 1:
      return `<rect x="${-w * 0.1}" y="${h * 0.55}" width="${w * 1.2}" height="${h * 0.22}" fill="${c2}" opacity="0.7" transform="rotate(-12 ${w / 2} ${h / 2})"/>
        <rect x="${w * 0.62}" y="${h * 0.08}" width="${m * 0.3}" height="${m * 0.3}" fill="${c3}" opacity="0.65"/>`;
    case 2:
      return `<polygon points="0,${h} ${w * 0.5},${h * 0.35} ${w},${h}" fill="${c2}" opacity="0.7"/>
        <circle cx="${w * 0.2}" cy="${h * 0.2}" r="${m * 0.12}" fill="${c3}" opacity="0.8"/>`;
    default:
      return [0, 1, 2, 3, 4]
        .map(
          (i) =>
            `<rect x="${(w / 5) * i}" y="0" width="${w / 10}" height="${h}" fill="${i % 2 ? c2 : c3}" opacity="0.35"/>`,
        )
        .join('');
  }
}

/** The SVG of one offline sample (exported for tests and the bench). */
export function offlineSvg(req: ImageRequest): string {
  const { width: w, height: h } = req;
  const variant = req.variant ?? 0;
  const colors = palette(req.prompt, req.colors);
  const m = Math.min(w, h);
  const band = Math.max(14, Math.round(m * 0.075));
  const bannerSize = Math.max(7, Math.min(band * 0.5, (w / OFFLINE_BANNER.length) * 1.7));
  const fontSize = Math.max(8, Math.round(m * 0.055));
  const maxChars = Math.max(8, Math.floor((w * 0.84) / (fontSize * 0.55)));
  const maxLines = Math.max(1, Math.floor(((h - band * 2) * 0.6) / (fontSize * 1.3)));
  const lines = wrap(req.prompt, maxChars, Math.min(maxLines, 8));
  const top = band + (h - band - lines.length * fontSize * 1.3) / 2 + fontSize;
  const text = lines
    .map(
      (line, i) =>
        `<text x="${w / 2}" y="${(top + i * fontSize * 1.3).toFixed(1)}">${escapeXml(line)}</text>`,
    )
    .join('');
  const angle = [135, 45, 90, 0][variant % 4];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">
  <defs><linearGradient id="g" gradientTransform="rotate(${angle} 0.5 0.5)">
    <stop offset="0" stop-color="${colors[0]}"/><stop offset="1" stop-color="${colors[1]}"/>
  </linearGradient></defs>
  <rect width="${w}" height="${h}" fill="url(#g)"/>
  ${shapes(variant, w, h, colors)}
  <g font-family="DejaVu Sans, Arial, sans-serif" font-size="${fontSize}" fill="#ffffff" text-anchor="middle"
     stroke="#000000" stroke-opacity="0.35" stroke-width="${Math.max(1, fontSize / 14).toFixed(1)}" paint-order="stroke">${text}</g>
  <rect y="0" width="${w}" height="${band}" fill="#111111" opacity="0.85"/>
  <text x="${w / 2}" y="${(band / 2 + bannerSize * 0.36).toFixed(1)}" font-family="DejaVu Sans, Arial, sans-serif"
     font-size="${bannerSize.toFixed(1)}" font-weight="bold" fill="#ffd400" text-anchor="middle">${escapeXml(OFFLINE_BANNER)}</text>
</svg>`;
}

export const offlineProvider: ImageProvider = {
  name: 'offline',
  offline: true,
  async generate(req: ImageRequest): Promise<ImageResult> {
    const sharp = await loadSharp();
    const png = await sharp(Buffer.from(offlineSvg(req)))
      // librsvg renders at the SVG's size; the resize only guards against rounding.
      .resize(req.width, req.height, { fit: 'fill' })
      .png({ compressionLevel: 3 })
      .toBuffer();
    return { png, width: req.width, height: req.height, model: OFFLINE_MODEL };
  },
};
