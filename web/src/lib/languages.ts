import { type Language, languages } from './api/types';

export { type Language, languages };

/** Each supported language's own name, for pickers (shown in that language, not translated). */
export const languageNames: Record<Language, string> = {
  'en-US': 'English (US)',
  'en-GB': 'English (UK)',
  'es-ES': 'Español (España)',
  'es-MX': 'Español (México)',
  'fr-FR': 'Français',
  'de-DE': 'Deutsch',
};

const isLanguage = (tag: string): tag is Language => (languages as readonly string[]).includes(tag);

/** Regions that read Latin American Spanish or British English better than the other variant. */
const ES_LATAM = /^es-(419|AR|BO|CL|CO|CR|CU|DO|EC|GT|HN|MX|NI|PA|PE|PR|PY|SV|US|UY|VE)$/i;
const EN_GB = /^en-(GB|IE|AU|NZ|ZA|IN)$/i;

/**
 * The best supported language for a browser's list (`navigator.languages`): an exact tag first, then the
 * closest variant of the same language, else en-US (PRODUCT.md's default).
 */
export function matchLanguage(preferred: readonly string[]): Language {
  for (const raw of preferred) {
    const tag = raw.replace('_', '-');
    const exact = languages.find((l) => l.toLowerCase() === tag.toLowerCase());
    if (exact) return exact;
    const base = tag.split('-')[0]!.toLowerCase();
    if (base === 'en') return EN_GB.test(tag) ? 'en-GB' : 'en-US';
    if (base === 'es') return ES_LATAM.test(tag) ? 'es-MX' : 'es-ES';
    if (base === 'fr') return 'fr-FR';
    if (base === 'de') return 'de-DE';
  }
  return 'en-US';
}

const KEY = 'atelier.language';

/** A signed-out visitor's last choice, kept on this device (the account's preference wins once signed in). */
export function rememberedLanguage(): Language | undefined {
  try {
    const v = localStorage.getItem(KEY);
    return v && isLanguage(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export function rememberLanguage(lng: Language): void {
  try {
    localStorage.setItem(KEY, lng);
  } catch {
    // Private mode or storage disabled: the choice lasts for this visit only.
  }
}

export const initialLanguage = (): Language =>
  rememberedLanguage() ?? matchLanguage(typeof navigator === 'undefined' ? [] : navigator.languages);

export { isLanguage };
