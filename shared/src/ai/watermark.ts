import { loadSharp } from '../files/thumbnail';

const escapeXml = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

/**
 * The Free plan's mark (PRODUCT.md §5): the text tiled diagonally, light and semi-transparent so the
 * picture stays readable, plus a solid corner label that survives cropping the tiles away. Sizes
 * follow the image, so a 512 px sample and a 4,096 px final look alike. Same size out as in.
 */
export async function watermark(png: Buffer, text = 'Made with Atelier · Free plan'): Promise<Buffer> {
  const sharp = await loadSharp();
  const { width = 0, height = 0 } = await sharp(png).metadata();
  const m = Math.min(width, height);
  const size = Math.max(8, Math.round(m * 0.045));
  const label = escapeXml(text);
  const stepX = Math.max(size * text.length * 0.62, 40);
  const stepY = size * 4.5;
  const tiles: string[] = [];
  // Rows reach past the corners because the layer is rotated about the centre.
  const reach = Math.hypot(width, height);
  for (let y = -reach / 2, row = 0; y < height + reach / 2; y += stepY, row++) {
    for (let x = -reach / 2 + (row % 2) * (stepX / 2); x < width + reach / 2; x += stepX) {
      tiles.push(`<text x="${x.toFixed(0)}" y="${y.toFixed(0)}">${label}</text>`);
    }
  }
  const corner = Math.max(7, Math.round(m * 0.03));
  const pad = Math.round(corner * 0.6);
  const boxW = Math.min(width, Math.round(corner * text.length * 0.6 + pad * 2));
  const boxH = Math.round(corner + pad * 2);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <g transform="rotate(-30 ${width / 2} ${height / 2})" font-family="DejaVu Sans, Arial, sans-serif" font-size="${size}"
     fill="#ffffff" fill-opacity="0.22" stroke="#000000" stroke-opacity="0.12" stroke-width="${Math.max(0.5, size / 30).toFixed(1)}">${tiles.join('')}</g>
  <rect x="${width - boxW}" y="${height - boxH}" width="${boxW}" height="${boxH}" fill="#000000" fill-opacity="0.55"/>
  <text x="${width - pad}" y="${height - pad - corner * 0.15}" font-family="DejaVu Sans, Arial, sans-serif" font-size="${corner}"
     fill="#ffffff" text-anchor="end">${label}</text>
</svg>`;
  return sharp(png)
    .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
    .png()
    .toBuffer();
}
