import i18next, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { namespaces } from './i18n-namespaces';
import { initialLanguage, type Language, languages, rememberLanguage } from './languages';

export { namespaces };

// Each language is its own chunk (see vite.config.ts): only the one in use is downloaded.
const files = import.meta.glob<Record<string, unknown>>('../locales/*/*.json', { import: 'default' });

const lazyLocales: BackendModule = {
  type: 'backend',
  init() {},
  read(lng, ns, done) {
    const load = files[`../locales/${lng}/${ns}.json`];
    if (!load) return done(new Error(`no ${lng}/${ns} translations`), false);
    load().then(
      (data) => done(null, data),
      (err: Error) => done(err, false),
    );
  },
};

/** Keeps `<html lang>` (screen readers, hyphenation, spell-check) in step with the UI's language. */
function applyDocumentLanguage(lng: string) {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
}

export async function initI18n(lng: Language = initialLanguage()) {
  i18next.on('languageChanged', applyDocumentLanguage);
  await i18next
    .use(lazyLocales)
    .use(initReactI18next)
    .init({
      lng,
      supportedLngs: [...languages],
      fallbackLng: 'en-US',
      load: 'currentOnly',
      ns: [...namespaces],
      defaultNS: 'common',
      interpolation: { escapeValue: false }, // React escapes
      react: { useSuspense: true },
      returnNull: false,
    });
  applyDocumentLanguage(lng);
  return i18next;
}

/** Switches the UI language; `remember` keeps it on this device for the next signed-out visit. */
export async function setLanguage(lng: Language, remember = true) {
  if (remember) rememberLanguage(lng);
  if (i18next.language !== lng) await i18next.changeLanguage(lng);
}

export { i18next };
