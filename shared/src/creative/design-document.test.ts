import { describe, expect, it } from 'vitest';
import { blankDocument, designDocument, MAX_LAYERS } from './design-document';

const text = (id: string) => ({
  id,
  name: 'Headline',
  type: 'text',
  x: 10,
  y: 10,
  width: 500,
  height: 100,
  text: 'Hello',
  fontFamily: 'Inter',
  fontSize: 48,
  fontWeight: 700,
  color: { brand: 'primary', fallback: '#112233' },
  align: 'center',
});
const doc = (layers: unknown[]) => ({
  version: 1,
  width: 1080,
  height: 1080,
  background: { color: '#FFFFFF' },
  layers,
});
const paths = (input: unknown) => {
  const r = designDocument.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('design document schema', () => {
  it('accepts every layer type and fills defaults', () => {
    const parsed = designDocument.parse(
      doc([
        text('t'),
        {
          id: 's',
          name: 'Band',
          type: 'shape',
          shape: 'rect',
          x: 0,
          y: 0,
          width: 1,
          height: 1,
          fill: '#000000',
        },
        { id: 'i', name: 'Photo', type: 'image_slot', x: 0, y: 0, width: 1, height: 1, fit: 'cover' },
        { id: 'l', name: 'Logo', type: 'logo_slot', x: 0, y: 0, width: 1, height: 1 },
      ]),
    );
    expect(parsed.layers[0]).toMatchObject({ rotation: 0, opacity: 1, lineHeight: 1.2, visible: true });
    expect(parsed.layers[1]).toMatchObject({ stroke: null, cornerRadius: 0 });
    expect(parsed.layers[2]).toMatchObject({ assetId: null, hint: '' });
    expect(designDocument.parse(blankDocument(1200, 630)).layers).toEqual([]);
  });

  it('refuses what would let a document grow or break the studio', () => {
    expect(paths(doc([{ ...text('t'), text: 'x'.repeat(2001) }]))).toEqual(['layers.0.text']);
    expect(paths(doc(Array.from({ length: MAX_LAYERS + 1 }, (_, i) => text(`t${i}`))))).toEqual(['layers']);
    expect(paths(doc([text('a'), text('a')]))).toEqual(['layers.1.id']);
    expect(paths(doc([{ ...text('t'), extra: 1 }]))).toEqual(['layers.0']);
    expect(paths(doc([{ ...text('t'), color: 'red' }]))).toEqual(['layers.0.color']);
    expect(paths(doc([{ ...text('t'), color: { brand: 'pink' } }]))).toEqual(['layers.0.color']);
    expect(paths(doc([{ ...text('t'), fontWeight: 650 }]))).toEqual(['layers.0.fontWeight']);
    expect(paths({ ...doc([]), version: 2 })).toEqual(['version']);
    expect(paths({ ...doc([]), width: 5000 })).toEqual(['width']);
  });
});
