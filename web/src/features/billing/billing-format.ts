import type { PlanId } from '../../lib/api';
import type { LedgerEntry } from '../../lib/api/billing-types';
import type { Translate } from '../../lib/use-t';

/**
 * An amount in the currency's minor unit (what Stripe and our invoices store: cents, or whole yen for a
 * zero-decimal currency) in the UI's locale: 4000 usd → "$40.00" in en-US, "40,00 $" in de-DE.
 */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/** A price without cents when it has none ("$19", "$49"): plan cards read better that way. */
export function formatPrice(minor: number, currency: string, locale: string): string {
  const code = currency.toUpperCase();
  const digits = new Intl.NumberFormat(locale, { style: 'currency', currency: code }).resolvedOptions()
    .maximumFractionDigits;
  const amount = minor / 10 ** (digits ?? 2);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: code,
    ...(Number.isInteger(amount) ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
  }).format(amount);
}

/** A change of credits with its sign always shown ("+500", "−1", "0"), in the locale's digits. */
export function formatSigned(n: number, locale: string): string {
  return new Intl.NumberFormat(locale, { signDisplay: 'exceptZero' }).format(n);
}

const operations = ['samples', 'final_standard', 'final_high'] as const;
type Operation = (typeof operations)[number];
const isOperation = (o: string | undefined): o is Operation => operations.includes(o as Operation);

/**
 * One ledger entry in plain words ("Monthly credits (Pro)", "Bought 500 credits", "Spent on a batch of
 * samples"). The entry's kind and known codes pick the words; the only free text shown is the note ops
 * write with an adjustment (for the customer); a release's internal reason never is.
 */
export function describeEntry(entry: LedgerEntry, t: Translate, locale: string): string {
  const d = entry.details;
  const plan = (id: PlanId | undefined) => (id ? t(`account:plan.names.${id}`) : '');
  const work = isOperation(d.operation)
    ? t(`billing:ledger.operations.${d.operation}`)
    : t('billing:ledger.operations.other');
  const credits = new Intl.NumberFormat(locale).format(Math.abs(d.credits ?? entry.change));
  const provider = d.provider === 'paypal' ? 'PayPal' : d.provider === 'stripe' ? 'Stripe' : '';
  switch (entry.kind) {
    case 'grant':
      return d.plan ? t('billing:ledger.grant', { plan: plan(d.plan) }) : t('billing:ledger.grantPlain');
    case 'purchase':
      return provider
        ? t('billing:ledger.purchaseWith', { credits, provider })
        : t('billing:ledger.purchase', { credits });
    case 'reserve':
      return t('billing:ledger.reserve', { work });
    case 'capture':
      return t('billing:ledger.capture', { work });
    case 'release':
      return d.reason === 'timeout'
        ? t('billing:ledger.releaseTimeout', { work })
        : t('billing:ledger.release', { work });
    case 'refund':
      return t('billing:ledger.refund', { credits });
    case 'chargeback':
      return t('billing:ledger.chargeback', { credits });
    case 'expiry':
      return d.plan ? t('billing:ledger.expiry', { plan: plan(d.plan) }) : t('billing:ledger.expiryPlain');
    case 'adjustment':
      return typeof d.reason === 'string' && d.reason
        ? t('billing:ledger.adjustmentWithReason', { reason: d.reason })
        : t('billing:ledger.adjustment');
    case 'api_usage':
      return typeof d.amountCents === 'number'
        ? t('billing:ledger.apiUsage', { amount: formatMoney(d.amountCents, d.currency || 'usd', locale) })
        : t('billing:ledger.apiUsagePlain');
  }
}
