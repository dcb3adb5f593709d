import { errorCodes } from '@atelier/shared/errors';
import { describe, expect, it } from 'vitest';
import { languages } from '../lib/api/types';
import { gatewayErrorCodes } from '../lib/errors';
import { namespaces } from '../lib/i18n-namespaces';

const files = import.meta.glob<Record<string, unknown>>('./*/*.json', { eager: true, import: 'default' });
const load = (lng: string, ns: string) => files[`./${lng}/${ns}.json`] ?? {};
const listed = Object.keys(files).map((f) => f.split('/') as [string, string, string]);

/** Every leaf key as a dotted path, and its value. */
function leaves(obj: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object')
      for (const [kk, vv] of leaves(v as Record<string, unknown>, key)) out.set(kk, vv);
    else out.set(key, v);
  }
  return out;
}

const placeholders = (s: unknown) => [...String(s).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('exist for exactly the six languages and the same namespaces', () => {
    expect([...new Set(listed.map(([, lng]) => lng))].sort()).toEqual([...languages].sort());
    for (const lng of languages) {
      const own = listed.filter(([, l]) => l === lng).map(([, , file]) => file);
      expect(own.sort(), lng).toEqual(namespaces.map((n) => `${n}.json`).sort());
    }
  });

  for (const lng of languages.filter((l) => l !== 'en-US')) {
    it(`${lng} has every key of en-US, none extra, with the same placeholders`, () => {
      for (const ns of namespaces) {
        const base = leaves(load('en-US', ns));
        const other = leaves(load(lng, ns));
        const missing = [...base.keys()].filter((k) => !other.has(k));
        const extra = [...other.keys()].filter((k) => !base.has(k));
        expect(missing, `${lng}/${ns}.json lacks`).toEqual([]);
        expect(extra, `${lng}/${ns}.json has keys en-US lacks`).toEqual([]);
        for (const [k, v] of base) {
          expect(String(other.get(k)).trim(), `${lng} ${ns}:${k} is empty`).not.toBe('');
          expect(placeholders(other.get(k)), `${lng} ${ns}:${k} placeholders`).toEqual(placeholders(v));
        }
      }
    });
  }

  it('name every error code the server, the gateway and the client can produce', () => {
    const codes = Object.keys((load('en-US', 'errors').codes ?? {}) as object);
    const expected = [...errorCodes, ...gatewayErrorCodes, 'network_error', 'unknown_error'];
    expect(expected.filter((c) => !codes.includes(c))).toEqual([]);
  });
});
