/**
 * Peak signal-to-noise ratio of two 8-bit images of the same size and channel count (raw pixels),
 * in dB: 10·log10(255² / MSE). Identical images give Infinity. Used by the tests and the benchmark
 * to compare the model with a bicubic resize.
 */
export function psnr(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new Error(`psnr: ${a.length} vs ${b.length} values`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  const mse = sum / a.length;
  return mse === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10((255 * 255) / mse);
}
