import { beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../lib/api/billing-types';
import { i18next, initI18n, setLanguage } from '../../lib/i18n';
import { describeEntry, formatMoney, formatPrice, formatSigned } from './billing-format';

const t = () => i18next.t as never;
const entry = (kind: LedgerEntry['kind'], change: number, details: LedgerEntry['details'] = {}, held = 0) =>
  ({
    id: 'e',
    kind,
    change,
    held,
    balanceAfter: 0,
    details,
    createdAt: '2026-01-05T10:00:00Z',
  }) as LedgerEntry;
const say = (e: LedgerEntry, lng = 'en-US') => describeEntry(e, t(), lng);

describe('ledger entries in plain words', () => {
  beforeAll(async () => {
    await initI18n('en-US');
  });

  it('names every kind, with the plan, the pack and the work it concerns', () => {
    expect(say(entry('grant', 200, { plan: 'pro', periodEnd: '2026-02-01T00:00:00Z' }))).toBe(
      'Monthly credits (Pro)',
    );
    expect(say(entry('purchase', 500, { pack: 'credits_500' }))).toBe('Bought 500 credits');
    expect(say(entry('purchase', 1500, { pack: 'credits_1500', provider: 'paypal' }))).toBe(
      'Bought 1,500 credits (PayPal)',
    );
    expect(say(entry('reserve', -1, { operation: 'samples' }, 1))).toBe('Held for a batch of samples');
    expect(say(entry('reserve', -2, {}, 2))).toBe('Held for a generation');
    expect(say(entry('capture', 0, { operation: 'final_high' }, -2))).toBe(
      'Spent on a high-resolution final',
    );
    expect(say(entry('release', 1, { operation: 'final_standard', reason: 'timeout' }, -1))).toBe(
      'Returned: a standard final timed out',
    );
    expect(say(entry('refund', -500, { credits: 500, provider: 'stripe' }))).toBe(
      'Refund: 500 credits taken back',
    );
    expect(say(entry('chargeback', -100, { credits: 100 }))).toBe('Disputed payment: 100 credits taken back');
    expect(say(entry('expiry', -37, { plan: 'free' }))).toBe('Monthly credits expired (Free)');
    // The one free text shown: the note ops wrote for the customer with an adjustment.
    expect(say(entry('adjustment', 10, { reason: 'goodwill' }))).toBe(
      'Adjustment by Atelier support: goodwill',
    );
    expect(say(entry('adjustment', 10, {}))).toBe('Adjustment by Atelier support');
  });

  it('shows a pay-as-you-go API charge as money, in the locale', async () => {
    const charge = entry('api_usage', 0, {
      operation: 'samples',
      reference: 'gen_1',
      amountCents: 5,
      currency: 'usd',
    });
    expect(say(charge)).toBe('API usage (pay-as-you-go) — $0.05');
    expect(say(entry('api_usage', 0, { operation: 'samples' }))).toBe('API usage (pay-as-you-go)');
    await setLanguage('de-DE', false);
    expect(say(charge, 'de-DE')).toBe('API-Nutzung (nutzungsbasiert) — 0,05\u00a0$');
    await setLanguage('en-US', false);
  });

  it('never shows a release’s internal reason, and speaks the UI language', async () => {
    const released = entry('release', 1, { operation: 'samples', reason: 'provider exploded at 3am' }, -1);
    expect(say(released)).toBe('Returned: a batch of samples did not finish');
    await setLanguage('de-DE', false);
    expect(say(entry('purchase', 1500, { pack: 'credits_1500' }), 'de-DE')).toBe('1.500 Credits gekauft');
    expect(say(entry('grant', 200, { plan: 'team' }), 'de-DE')).toBe('Monatliche Credits (Team)');
    await setLanguage('fr-FR', false);
    expect(say(entry('capture', 0, { operation: 'samples' }, -1), 'fr-FR')).toBe(
      'Dépensés pour un lot d’échantillons',
    );
    await setLanguage('en-US', false);
  });
});

describe('money and signed amounts', () => {
  it('formats minor units in the currency and the locale', () => {
    expect(formatMoney(4000, 'usd', 'en-US')).toBe('$40.00');
    expect(formatMoney(9900, 'usd', 'de-DE')).toBe('99,00\u00a0$');
    expect(formatMoney(1999, 'eur', 'fr-FR')).toBe('19,99\u00a0€');
    expect(formatMoney(4000, 'usd', 'en-GB')).toBe('US$40.00');
    // A zero-decimal currency counts whole units: 500 yen, not 5.
    expect(formatMoney(500, 'jpy', 'en-US')).toBe('¥500');
  });

  it('drops the cents of a round price, keeps them otherwise', () => {
    expect(formatPrice(1900, 'usd', 'en-US')).toBe('$19');
    expect(formatPrice(4950, 'usd', 'en-US')).toBe('$49.50');
    expect(formatPrice(4900, 'usd', 'es-ES')).toBe('49\u00a0US$');
  });

  it('always shows the sign of a change, in the locale’s digits', () => {
    expect(formatSigned(500, 'en-US')).toBe('+500');
    expect(formatSigned(-1, 'en-US')).toBe('-1');
    expect(formatSigned(0, 'en-US')).toBe('0');
    expect(formatSigned(1500, 'de-DE')).toBe('+1.500');
  });
});
