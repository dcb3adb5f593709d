import { useId } from 'react';
import { Alert, useSubmit } from '../../../components/form';
import type { BillingView, Catalog, PackId } from '../../../lib/api/billing-types';
import { formatNumber } from '../../../lib/format';
import { useT } from '../../../lib/use-t';
import { formatMoney } from '../billing-format';
import { leaveFor } from '../leave-for';
import { billing } from '../use-billing';
import { rememberBalance } from '../use-checkout-return';

/**
 * Credit packs with a button per payment provider. Both leave for the provider's page (Stripe Checkout,
 * PayPal approval) and come back to /billing; a provider the server has not configured is shown
 * disabled, with the reason beside it.
 */
export function BuyCredits({
  view,
  catalog,
  teamId,
}: {
  view: BillingView;
  catalog: Catalog;
  teamId: string | undefined;
}) {
  const { t, i18n } = useT();
  const submit = useSubmit();
  const stripeOffId = useId();
  const paypalOffId = useId();
  const { stripe, paypal } = view.providers;

  const pay = (provider: 'stripe' | 'paypal', pack: PackId) =>
    submit.run(async () => {
      const url =
        provider === 'stripe'
          ? (await billing.checkoutPack(pack, teamId)).url
          : (await billing.paypalOrder(pack, teamId)).approveUrl;
      rememberBalance(view);
      leaveFor(url);
    });

  return (
    <section aria-labelledby="buy-title" className="card">
      <h2 id="buy-title">{t('billing:buy.title')}</h2>
      <p>{t('billing:buy.intro')}</p>
      <Alert kind="error">{submit.error}</Alert>
      {!stripe && (
        <p id={stripeOffId} className="muted">
          {t('billing:buy.stripeOff')}
        </p>
      )}
      {!paypal && (
        <p id={paypalOffId} className="muted">
          {t('billing:buy.paypalOff')}
        </p>
      )}
      <ul className="card-grid">
        {catalog.packs.map((pack) => {
          const credits = formatNumber(pack.credits, i18n.language);
          const price = formatMoney(pack.priceCents, catalog.currency, i18n.language);
          // The visible words first (WCAG 2.5.3), then which pack: three buttons share each label.
          return (
            <li key={pack.id} className="card">
              <h3>{t('billing:buy.credits', { credits })}</h3>
              <p>
                <strong>{price}</strong>
              </p>
              <div className="toolbar">
                <button
                  type="button"
                  className="button"
                  disabled={!stripe || submit.pending}
                  aria-label={t('billing:buy.label', { method: t('billing:buy.stripe'), credits, price })}
                  aria-describedby={stripe ? undefined : stripeOffId}
                  onClick={() => void pay('stripe', pack.id)}
                >
                  {t('billing:buy.stripe')}
                </button>
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={!paypal || submit.pending}
                  aria-label={t('billing:buy.label', { method: t('billing:buy.paypal'), credits, price })}
                  aria-describedby={paypal ? undefined : paypalOffId}
                  onClick={() => void pay('paypal', pack.id)}
                >
                  {t('billing:buy.paypal')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
