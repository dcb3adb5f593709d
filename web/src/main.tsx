import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { useSession } from './features/auth/auth.store';
import { applyTheme, useApp, watchConnectivity } from './lib/app.store';
import { initI18n } from './lib/i18n';
import { registerServiceWorker } from './lib/pwa';
import './styles/app.css';

applyTheme(useApp.getState().theme);
watchConnectivity();
registerServiceWorker();
// The session (from the refresh cookie) and the translations load side by side. Back from an external
// provider (/signed-in) the cookie is new: ask even if this device was not signed in before.
void useSession.getState().restore({ force: window.location.pathname === '/signed-in' });
await initI18n();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
