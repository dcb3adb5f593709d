import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { OFFLINE_BANNER, offlineProvider, offlineSvg, wrap } from './offline';
import { fitTo } from './resize';
import { watermark } from './watermark';

const size = async (png: Buffer) => {
  const m = await sharp(png).metadata();
  return { width: m.width, height: m.height, format: m.format };
};
const raw = (png: Buffer) => sharp(png).removeAlpha().raw().toBuffer();
/** Share of bytes that differ between two same-size images. */
const difference = async (a: Buffer, b: Buffer) => {
  const [x, y] = await Promise.all([raw(a), raw(b)]);
  let changed = 0;
  for (let i = 0; i < x.length; i++) if (Math.abs(x[i]! - y[i]!) > 8) changed++;
  return changed / x.length;
};

describe('offline provider', () => {
  it('draws an exact-size PNG and says it is an offline preview', async () => {
    for (const [width, height] of [
      [512, 512],
      [512, 288],
      [300, 512],
      [50, 50],
    ] as const) {
      const r = await offlineProvider.generate({ prompt: 'A lighthouse at dawn, poster', width, height });
      expect(await size(r.png)).toEqual({ width, height, format: 'png' });
      expect(r).toMatchObject({ width, height, model: 'offline-preview' });
    }
    expect(offlineProvider).toMatchObject({ name: 'offline', offline: true });
    expect(offlineSvg({ prompt: 'x', width: 512, height: 512 })).toContain(OFFLINE_BANNER);
  });

  it('makes four different samples, in the brand colours when given', async () => {
    const req = { prompt: 'Summer sale banner', width: 256, height: 256, colors: ['#ff0066', '#003399'] };
    const images = await Promise.all(
      [0, 1, 2, 3].map((variant) => offlineProvider.generate({ ...req, variant })),
    );
    for (let i = 0; i < 4; i++) {
      for (let j = i + 1; j < 4; j++)
        expect(await difference(images[i]!.png, images[j]!.png)).toBeGreaterThan(0.1);
    }
    expect(offlineSvg({ ...req, variant: 0 })).toContain('#ff0066');
    // Without brand colours the palette comes from the prompt: different prompts, different colours.
    expect(offlineSvg({ prompt: 'a', width: 64, height: 64 })).not.toBe(
      offlineSvg({ prompt: 'b', width: 64, height: 64 }),
    );
  });

  it('escapes the prompt in its SVG', () => {
    expect(offlineSvg({ prompt: '<script>&"', width: 256, height: 256 })).toContain(
      '&lt;script&gt;&amp;&quot;',
    );
  });

  it('wraps the prompt and cuts what does not fit', () => {
    expect(wrap('one two three four five', 9, 5)).toEqual(['one two', 'three', 'four five']);
    expect(wrap('one two three four five', 9, 2)).toEqual(['one two', 'three…']);
    expect(wrap('supercalifragilistic', 8, 2)).toEqual(['superca…']);
  });

  it('is fast: a 512 px sample in about 100 ms', async () => {
    await offlineProvider.generate({ prompt: 'warm-up', width: 512, height: 512 });
    const started = performance.now();
    for (let i = 0; i < 4; i++) {
      await offlineProvider.generate({
        prompt: 'A long prompt about a product launch '.repeat(10),
        width: 512,
        height: 512,
        variant: i,
      });
    }
    expect((performance.now() - started) / 4).toBeLessThan(150);
  });
});

describe('watermark', () => {
  it('changes pixels visibly but keeps the size and most of the picture', async () => {
    for (const [width, height] of [
      [512, 512],
      [1024, 300],
      [64, 64],
    ] as const) {
      const src = await sharp({ create: { width, height, channels: 3, background: '#3366aa' } })
        .png()
        .toBuffer();
      const marked = await watermark(src);
      expect(await size(marked)).toEqual({ width, height, format: 'png' });
      const changed = await difference(src, marked);
      expect(changed).toBeGreaterThan(0.02);
      expect(changed).toBeLessThan(0.6);
    }
  });
});

describe('fitTo', () => {
  it('covers to exactly the asked size', async () => {
    const src = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#abcdef' } })
      .png()
      .toBuffer();
    expect(await size(await fitTo(src, 2048, 1024))).toEqual({ width: 2048, height: 1024, format: 'png' });
    expect(await size(await fitTo(src, 100, 300))).toEqual({ width: 100, height: 300, format: 'png' });
  });
});
