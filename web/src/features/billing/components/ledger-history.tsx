import { Alert } from '../../../components/form';
import { LoadMore } from '../../../components/load-more';
import type { Page } from '../../../lib/api';
import type { LedgerEntry } from '../../../lib/api/billing-types';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { usePagedList } from '../../../lib/use-paged-list';
import { useT } from '../../../lib/use-t';
import { useProfile } from '../../account/profile.store';
import { describeEntry, formatSigned } from '../billing-format';

/** The ledger, newest first, in plain words with signed amounts and the balance after each entry. */
export function LedgerHistory({
  fetchPage,
  listKey,
}: {
  fetchPage: (cursor: string | undefined) => Promise<Page<LedgerEntry>>;
  /** Reloads the first page when it changes (another owner, or after a payment). */
  listKey: string;
}) {
  const { t, i18n } = useT();
  const timezone = useProfile((s) => s.profile?.timezone);
  const list = usePagedList(listKey, fetchPage);
  const lng = i18n.language;
  return (
    <section aria-labelledby="ledger-title" className="card">
      <h2 id="ledger-title">{t('billing:ledger.title')}</h2>
      <Alert kind="error">{list.error}</Alert>
      {list.items === null ? (
        !list.error && <p role="status">{t('common:loading')}</p>
      ) : list.items.length === 0 ? (
        <p className="muted">{t('billing:ledger.none')}</p>
      ) : (
        <ul className="list" aria-labelledby="ledger-title">
          {list.items.map((e) => (
            <li key={e.id}>
              <div>
                <div>{describeEntry(e, t, lng)}</div>
                <div className="muted">{formatDateTime(e.createdAt, lng, timezone)}</div>
              </div>
              <div>
                {/* A pay-as-you-go charge is money on the invoice: no credits move. */}
                {e.kind !== 'api_usage' && (
                  <div>
                    <span className="visually-hidden">{t('billing:ledger.change')} </span>
                    <strong>{e.change !== 0 || e.held === 0 ? formatSigned(e.change, lng) : null}</strong>
                    {e.held !== 0 && (
                      <span className="muted">
                        {e.change !== 0 && ' · '}
                        {t('billing:ledger.held', { held: formatSigned(e.held, lng) })}
                      </span>
                    )}
                  </div>
                )}
                <div className="muted">
                  {t('billing:ledger.balanceAfter', { balance: formatNumber(e.balanceAfter, lng) })}
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
      <LoadMore list={list} />
    </section>
  );
}
