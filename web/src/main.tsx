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
// The session (from the refresh cookie) and the translations load side by side.
void useSession.getState().restore();
await initI18n();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
