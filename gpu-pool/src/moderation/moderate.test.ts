import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelConfig } from '../repository/config.js';
import { loadTfjsModel, type TfjsModel } from '../runtime/tfjs.js';
import { moderate, moderationInput, NSFW_LABELS, OPENAI_CATEGORIES } from './moderate.js';

const fixture = (name: string) => readFileSync(new URL(`../test-fixtures/${name}`, import.meta.url));
// A cartoon-like drawing: flat colours and black outlines (a house under the sun).
const drawing = () =>
  sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="#bde4ff"/>
      <circle cx="200" cy="56" r="30" fill="#ffd23f" stroke="#000" stroke-width="4"/>
      <rect x="60" y="120" width="120" height="100" fill="#e94f37" stroke="#000" stroke-width="4"/>
      <polygon points="50,125 120,60 190,125" fill="#6b4226" stroke="#000" stroke-width="4"/>
      <rect x="105" y="165" width="30" height="55" fill="#fff" stroke="#000" stroke-width="4"/>
      <rect y="220" width="256" height="36" fill="#59c135"/></svg>`,
    ),
  )
    .png()
    .toBuffer();

// Scores as [Drawing, Hentai, Neutral, Porn, Sexy].
const scores = (d: number, h: number, n: number, p: number, s: number) => Float32Array.of(d, h, n, p, s);

describe('moderate(): the documented mapping on recorded scores', () => {
  it('answers every OpenAI category; only sexual is judged, on the image', () => {
    const r = moderate(scores(0.01, 0, 0.97, 0.02, 0));
    expect(Object.keys(r.categories).sort()).toEqual([...OPENAI_CATEGORIES].sort());
    expect(Object.keys(r.category_scores).sort()).toEqual([...OPENAI_CATEGORIES].sort());
    for (const c of OPENAI_CATEGORIES.filter((k) => k !== 'sexual')) {
      expect([r.categories[c], r.category_scores[c], r.category_applied_input_types[c]]).toEqual([
        false,
        0,
        [],
      ]);
    }
    expect(r.category_applied_input_types.sexual).toEqual(['image']);
    expect(r.category_scores.sexual).toBeCloseTo(0.02, 6);
    expect(r.flagged).toBe(false);
  });

  it.each([
    // [case, scores, sexual score, flagged]
    ['neutral photograph (astronaut, recorded)', scores(0.033, 0.001, 0.966, 0, 0), 0.001, false],
    ['drawing (recorded)', scores(0.025, 0, 0.974, 0, 0), 0, false],
    ['explicit photograph', scores(0, 0.01, 0.02, 0.95, 0.02), 0.972, true],
    ['explicit drawing', scores(0.1, 0.85, 0.05, 0, 0), 0.85, true],
    ['exactly at the threshold', scores(0, 0.25, 0.5, 0.25, 0), 0.5, true],
    ['just under the threshold', scores(0, 0.25, 0.5001, 0.2499, 0), 0.4999, false],
    ['suggestive only, confident', scores(0, 0, 0.15, 0, 0.85), 0.51, true],
    ['suggestive only, moderate (beach photograph)', scores(0, 0, 0.4, 0, 0.6), 0.36, false],
    ['split between explicit and suggestive', scores(0, 0, 0.3, 0.3, 0.4), 0.54, true],
    [
      'fur close-up the model mistakes (recorded)',
      scores(0.0001, 0.0006, 0.3218, 0.6747, 0.0028),
      0.677,
      true,
    ],
  ])('%s', (_, s, sexual, flagged) => {
    const r = moderate(s);
    expect(r.category_scores.sexual).toBeCloseTo(sexual, 3);
    expect(r.categories.sexual).toBe(flagged);
    expect(r.flagged).toBe(flagged);
  });

  it('follows the labels given, clamps odd values, and accepts a stricter policy', () => {
    const reordered = ['Porn', 'Sexy', 'Neutral', 'Hentai', 'Drawing'];
    expect(moderate(Float32Array.of(0.7, 0, 0.3, 0, 0), reordered).flagged).toBe(true);
    expect(moderate(scores(0, 0, 0.3, Number.NaN, 2)).category_scores.sexual).toBe(0.6);
    const strict = moderate(scores(0, 0, 0.7, 0.2, 0.1), NSFW_LABELS, { sexyWeight: 1, threshold: 0.25 });
    expect(strict.flagged).toBe(true);
    expect(() => moderate(Float32Array.of(0.5, 0.5), ['Neutral', 'Porn'])).toThrow(/no 'Drawing' score/);
  });
});

describe('the real nsfwjs MobileNetV2 on neutral pictures and drawings', () => {
  let model: TfjsModel;
  beforeAll(async () => {
    const config = modelConfig.parse({
      task: 'moderation',
      runtime: 'tfjs',
      source: { npm: 'nsfwjs', path: 'MobileNetV2' },
      input: { shape: [224, 224, 3] },
      output: { shape: [5] },
      labels: [...NSFW_LABELS],
    });
    model = await loadTfjsModel(config, '/nonexistent/repository/nsfw/1', 'nsfw', '1');
  }, 60_000);

  it('flags none of them, judged as one batch', async () => {
    const images = [
      fixture('chelsea-whole.png'),
      fixture('coffee-whole.png'),
      fixture('astronaut.png'),
      await drawing(),
    ];
    const items = await Promise.all(images.map((i) => moderationInput(i)));
    expect(items.every((i) => i.length === 224 * 224 * 3)).toBe(true);
    const out = await model.runBatch(items);
    expect(out).toHaveLength(4);
    for (const s of out) {
      expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3); // softmax scores
      const r = moderate(s, model.labels);
      expect(r.flagged).toBe(false);
      expect(r.category_scores.sexual).toBeLessThan(0.1);
    }
    // One item alone gives the same scores as inside the batch.
    const [alone] = await model.runBatch([items[3]!]);
    for (let i = 0; i < 5; i++) expect(alone![i]).toBeCloseTo(out[3]![i]!, 4);
  });

  it('refuses an undecodable image with 415', async () => {
    await expect(moderationInput(Buffer.from('nope'))).rejects.toMatchObject({
      status: 415,
      code: 'unsupported_media_type',
    });
  });
});
