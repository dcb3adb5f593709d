import { create } from './store';

export type Theme = 'system' | 'light' | 'dark';
const THEME_KEY = 'atelier.theme';

interface AppState {
  online: boolean;
  /** Set when a new version's service worker waits: calling it switches to the new version. */
  applyUpdate: (() => void) | null;
  theme: Theme;
  setOnline(online: boolean): void;
  offerUpdate(apply: () => void): void;
  setTheme(theme: Theme): void;
}

function storedTheme(): Theme {
  try {
    const t = localStorage.getItem(THEME_KEY);
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
}

/** `data-theme` on <html> picks the palette; "system" leaves it to prefers-color-scheme. */
export function applyTheme(theme: Theme) {
  if (typeof document === 'undefined') return;
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

export const useApp = create<AppState>()((set) => ({
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  applyUpdate: null,
  theme: storedTheme(),
  setOnline: (online) => set({ online }),
  offerUpdate: (applyUpdate) => set({ applyUpdate }),
  setTheme(theme) {
    try {
      localStorage.setItem(THEME_KEY, theme);
    } catch {
      // storage disabled: the theme lasts for this visit
    }
    applyTheme(theme);
    set({ theme });
  },
}));

export function watchConnectivity() {
  const update = () => useApp.getState().setOnline(navigator.onLine);
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
}
