import { config } from '../config';
import { useApp } from './app.store';

const HOUR = 60 * 60 * 1000;

/**
 * Registers the service worker (production builds only) and offers an update when a new version has
 * installed and waits: the page asks the user instead of swapping code under a half-filled form.
 */
export function registerServiceWorker() {
  if (!config.production || !('serviceWorker' in navigator)) return;
  let updating = false;
  const offer = (worker: ServiceWorker) =>
    useApp.getState().offerUpdate(() => {
      updating = true;
      worker.postMessage({ type: 'SKIP_WAITING' });
    });
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // Only when the user asked for it: the first install also changes the controller.
    if (updating) window.location.reload();
  });
  window.addEventListener('load', async () => {
    const reg = await navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
    if (!reg) return;
    if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const worker = reg.installing;
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
      });
    });
    // Long-open tabs look for a new deploy hourly and whenever they come back into view.
    setInterval(() => void reg.update().catch(() => {}), HOUR);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void reg.update().catch(() => {});
    });
  });
}
