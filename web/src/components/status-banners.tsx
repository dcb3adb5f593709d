import { PastDueBanner } from '../features/billing/components/past-due-banner';
import { useApp } from '../lib/app.store';
import { useT } from '../lib/use-t';

/**
 * "You are offline", "a new version is ready" and "your payment failed" — announced politely, shown on
 * every page.
 */
export function StatusBanners() {
  const { t } = useT();
  const online = useApp((s) => s.online);
  const applyUpdate = useApp((s) => s.applyUpdate);
  return (
    <div aria-live="polite">
      <PastDueBanner />
      {!online && (
        <div className="banner" role="status">
          {t('common:offline')}
        </div>
      )}
      {applyUpdate && (
        <div className="banner banner--info" role="status">
          <span>{t('common:update.available')}</span>
          <button type="button" className="button button--secondary" onClick={applyUpdate}>
            {t('common:update.reload')}
          </button>
        </div>
      )}
    </div>
  );
}
