import { encodePng } from './png.ts';

type Rgb = [number, number, number];
const BRAND: Rgb = [67, 56, 202]; // --color-primary (indigo 700)
const WHITE: Rgb = [255, 255, 255];

/**
 * The app icon drawn from shapes (a rounded tile, an easel-like "A" and a dot), 4×4 supersampled for
 * smooth edges. `maskable` shrinks the mark into the 80 % safe zone and fills the whole square.
 */
export function drawIcon(size: number, maskable = false): Buffer {
  const px = new Uint8Array(size * size * 4);
  const scale = maskable ? 0.8 : 1;
  const SS = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let tile = 0;
      let mark = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          // Coordinates in [-1, 1] with the mark scaled into the safe zone.
          const u = ((x + (sx + 0.5) / SS) / size) * 2 - 1;
          const v = ((y + (sy + 0.5) / SS) / size) * 2 - 1;
          if (maskable || inRoundedSquare(u, v, 0.92, 0.36)) tile++;
          if (inMark(u / scale, v / scale)) mark++;
        }
      }
      const a = tile / (SS * SS);
      const m = mark / (SS * SS);
      const i = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) px[i + c] = Math.round(BRAND[c]! * (1 - m) + WHITE[c]! * m);
      px[i + 3] = Math.round(a * 255);
    }
  }
  return encodePng(size, size, px);
}

function inRoundedSquare(u: number, v: number, half: number, radius: number): boolean {
  const dx = Math.max(Math.abs(u) - (half - radius), 0);
  const dy = Math.max(Math.abs(v) - (half - radius), 0);
  return dx * dx + dy * dy <= radius * radius;
}

/** Distance from point (u, v) to the segment a–b. */
function segment(u: number, v: number, ax: number, ay: number, bx: number, by: number): number {
  const t = Math.max(
    0,
    Math.min(1, ((u - ax) * (bx - ax) + (v - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
  );
  return Math.hypot(u - (ax + t * (bx - ax)), v - (ay + t * (by - ay)));
}

function inMark(u: number, v: number): boolean {
  const w = 0.085;
  return (
    segment(u, v, -0.42, 0.5, 0, -0.5) < w ||
    segment(u, v, 0.42, 0.5, 0, -0.5) < w ||
    segment(u, v, -0.22, 0.12, 0.22, 0.12) < w ||
    Math.hypot(u - 0.5, v + 0.42) < 0.12
  );
}
