import { describe, expect, it } from 'vitest';
import { matchLanguage } from './languages';

describe('matchLanguage', () => {
  it.each([
    [['de-DE'], 'de-DE'],
    [['de-AT', 'en'], 'de-DE'],
    [['en-AU'], 'en-GB'],
    [['en'], 'en-US'],
    [['es-AR'], 'es-MX'],
    [['es'], 'es-ES'],
    [['fr-CA'], 'fr-FR'],
    [['ja-JP', 'fr'], 'fr-FR'],
    [['ja-JP'], 'en-US'],
    [[], 'en-US'],
    [['EN-gb'], 'en-GB'],
  ])('%j → %s', (preferred, expected) => {
    expect(matchLanguage(preferred)).toBe(expected);
  });
});
