import type { BillingView } from '../../../lib/api/billing-types';
import { formatDate, formatNumber } from '../../../lib/format';
import { useT } from '../../../lib/use-t';
import { useProfile } from '../../account/profile.store';

/** What can be spent now, where it comes from, what is held, and the fair-use counter of paid plans. */
export function CreditBalance({ view }: { view: BillingView }) {
  const { t, i18n } = useT();
  const timezone = useProfile((s) => s.profile?.timezone);
  const n = (x: number) => formatNumber(x, i18n.language);
  const c = view.credits;
  const freeBatches = c.usage.freeSampleBatches || view.entitlements.freeSampleBatches;
  return (
    <section aria-labelledby="credits-title" className="card">
      <h2 id="credits-title">{t('billing:credits.title')}</h2>
      {(c.flagged || c.purchased < 0) && (
        <div className="alert alert--error" role="alert">
          {t('billing:credits.flagged')}
        </div>
      )}
      <dl className="plan">
        <dt>{t('billing:credits.available')}</dt>
        <dd>
          <strong>{n(c.available)}</strong>
        </dd>
        <dt>{t('billing:credits.monthly')}</dt>
        <dd>
          {n(c.monthly)}
          {c.monthlyExpiresAt && (
            <span className="muted">
              {' '}
              {t('billing:credits.monthlyExpires', {
                date: formatDate(c.monthlyExpiresAt, i18n.language, timezone),
              })}
            </span>
          )}
        </dd>
        <dt>{t('billing:credits.purchased')}</dt>
        <dd>
          {n(c.purchased)} <span className="muted">{t('billing:credits.purchasedNever')}</span>
        </dd>
        <dt>{t('billing:credits.reserved')}</dt>
        <dd>{n(c.reserved)}</dd>
        {freeBatches > 0 && (
          <>
            <dt>{t('billing:credits.fairUse')}</dt>
            <dd>
              {t('billing:credits.fairUseCount', {
                used: n(c.usage.sampleBatches),
                limit: n(freeBatches),
              })}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
