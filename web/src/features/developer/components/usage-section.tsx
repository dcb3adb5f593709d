import { useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/form';
import { useErrorMessage } from '../../../lib/errors';
import { formatDate, formatNumber } from '../../../lib/format';
import { useT } from '../../../lib/use-t';
import { useProfile } from '../../account/profile.store';
import { useDeveloper } from '../developer.store';
import { ScrollBox } from './scroll-box';
import { fillDays, UsageChart } from './usage-chart';

export const USAGE_DAYS = 30;

/**
 * Requests and generations per day over 30 days (today's live counts included), per key, the monthly
 * quota and the rate limit.
 */
export function UsageSection() {
  const { t, i18n } = useT();
  const message = useErrorMessage();
  const timezone = useProfile((s) => s.profile?.timezone);
  const usage = useDeveloper((s) => s.usage);
  const error = useDeveloper((s) => s.usageError);
  const loadUsage = useDeveloper((s) => s.loadUsage);
  const [refreshing, setRefreshing] = useState(false);
  const lng = i18n.language;
  const n = (v: number) => formatNumber(v, lng);

  const days = usage ? fillDays(usage.days, USAGE_DAYS) : [];
  const today = days.at(-1);
  const total = days.reduce(
    (s, d) => ({ requests: s.requests + d.requests, generations: s.generations + d.generations }),
    { requests: 0, generations: 0 },
  );
  const quota = usage?.quota;
  const spent = quota !== undefined && quota.limit > 0 && quota.used >= quota.limit;

  return (
    <section className="card" aria-labelledby="usage-heading">
      <div className="developer-section-head">
        <h2 id="usage-heading">{t('developer:usage.title')}</h2>
        <button
          type="button"
          className="button button--secondary"
          disabled={refreshing}
          onClick={() => {
            setRefreshing(true);
            void loadUsage().finally(() => setRefreshing(false));
          }}
        >
          {refreshing ? t('common:loading') : t('developer:usage.refresh')}
        </button>
      </div>
      <Alert kind="error">{error ? message(error) : null}</Alert>
      {!usage ? (
        !error && <p role="status">{t('common:loading')}</p>
      ) : (
        <>
          {spent && (
            <div className="alert developer-quota-spent" data-testid="quota-spent">
              <p>
                {quota.resetsAt
                  ? t('developer:usage.quotaSpent', { date: formatDate(quota.resetsAt, lng, timezone) })
                  : t('developer:usage.quotaSpentPlain')}
              </p>
              <Link to="/billing">{t('developer:usage.upgrade')}</Link>
            </div>
          )}
          <dl className="developer-figures">
            <div>
              <dt>{t('developer:usage.today')}</dt>
              <dd data-testid="usage-today">
                {t('developer:usage.figures', {
                  requests: n(today?.requests ?? 0),
                  generations: n(today?.generations ?? 0),
                })}
              </dd>
            </div>
            <div>
              <dt>{t('developer:usage.total', { days: USAGE_DAYS })}</dt>
              <dd>
                {t('developer:usage.figures', {
                  requests: n(total.requests),
                  generations: n(total.generations),
                })}
              </dd>
            </div>
            <div>
              <dt id="quota-term">{t('developer:usage.quota')}</dt>
              <dd>
                {quota && quota.limit > 0 ? (
                  <>
                    {t('developer:usage.quotaUsed', { used: n(quota.used), limit: n(quota.limit) })}
                    <meter
                      className="developer-meter"
                      aria-labelledby="quota-term"
                      min={0}
                      max={quota.limit}
                      low={quota.limit * 0.8}
                      high={quota.limit * 0.95}
                      optimum={0}
                      value={Math.min(quota.used, quota.limit)}
                    />
                  </>
                ) : (
                  t('developer:usage.quotaUnlimited', { used: n(quota?.used ?? 0) })
                )}
                {quota?.resetsAt && (
                  <div className="muted">
                    {t('developer:usage.resets', { date: formatDate(quota.resetsAt, lng, timezone) })}
                  </div>
                )}
              </dd>
            </div>
            <div>
              <dt>{t('developer:usage.rateLimit')}</dt>
              <dd>{t('developer:usage.perMinute', { perMinute: n(usage.rateLimit.perMinute) })}</dd>
            </div>
          </dl>
          <UsageChart days={days} />
          <p className="muted">{t('developer:usage.lag')}</p>
          {usage.keys.length > 0 && (
            <ScrollBox label={t('developer:usage.byKey')}>
              <table className="usage-by-key">
                <caption>{t('developer:usage.byKey')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('developer:usage.key')}</th>
                    <th scope="col">{t('developer:usage.requests')}</th>
                    <th scope="col">{t('developer:usage.generations')}</th>
                  </tr>
                </thead>
                <tbody>
                  {usage.keys.map((k) => (
                    <tr key={k.keyId}>
                      <th scope="row">
                        <span className="usage-by-key__name">{k.name}</span>{' '}
                        <code className="muted developer-prefix usage-by-key__prefix" title={k.prefix}>
                          {k.prefix}…
                        </code>
                      </th>
                      <td>{n(k.requests)}</td>
                      <td>{n(k.generations)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollBox>
          )}
        </>
      )}
    </section>
  );
}
