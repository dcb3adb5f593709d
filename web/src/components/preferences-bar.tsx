import { type Theme, useApp } from '../lib/app.store';
import { setLanguage } from '../lib/i18n';
import { isLanguage, languageNames, languages } from '../lib/languages';
import { useT } from '../lib/use-t';

/** Language and theme pickers for signed-out pages (signed in, the language is a profile setting). */
export function PreferencesBar() {
  const { t, i18n } = useT();
  const theme = useApp((s) => s.theme);
  const setTheme = useApp((s) => s.setTheme);
  return (
    <div className="toolbar">
      <label>
        <span className="visually-hidden">{t('common:preferences.language')}</span>
        <select
          value={i18n.language}
          onChange={(e) => isLanguage(e.target.value) && void setLanguage(e.target.value)}
        >
          {languages.map((l) => (
            <option key={l} value={l} lang={l}>
              {languageNames[l]}
            </option>
          ))}
        </select>
      </label>
      <ThemePicker theme={theme} onChange={setTheme} />
    </div>
  );
}

export function ThemePicker({ theme, onChange }: { theme: Theme; onChange: (t: Theme) => void }) {
  const { t } = useT();
  return (
    <label>
      <span className="visually-hidden">{t('common:preferences.theme')}</span>
      <select value={theme} onChange={(e) => onChange(e.target.value as Theme)}>
        <option value="system">{t('common:preferences.themeSystem')}</option>
        <option value="light">{t('common:preferences.themeLight')}</option>
        <option value="dark">{t('common:preferences.themeDark')}</option>
      </select>
    </label>
  );
}
