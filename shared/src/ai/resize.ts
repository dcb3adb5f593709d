import { loadSharp } from '../files/thumbnail';

/** Exactly width × height, covering (centre crop), lanczos3: finals when no upscaler is configured. */
export async function fitTo(png: Buffer, width: number, height: number): Promise<Buffer> {
  const sharp = await loadSharp();
  return sharp(png).resize(width, height, { fit: 'cover', kernel: 'lanczos3' }).png().toBuffer();
}
