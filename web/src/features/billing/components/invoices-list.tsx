import { Alert, useSubmit } from '../../../components/form';
import { LoadMore } from '../../../components/load-more';
import type { Page } from '../../../lib/api';
import type { Invoice } from '../../../lib/api/billing-types';
import { formatDate } from '../../../lib/format';
import { usePagedList } from '../../../lib/use-paged-list';
import { useT } from '../../../lib/use-t';
import { useProfile } from '../../account/profile.store';
import { formatMoney } from '../billing-format';
import { leaveFor } from '../leave-for';
import { billing } from '../use-billing';

/** Invoices and credit notes, with the hosted invoice where the provider has one, and the portal link. */
export function InvoicesList({
  fetchPage,
  listKey,
  teamId,
  portal,
}: {
  fetchPage: (cursor: string | undefined) => Promise<Page<Invoice>>;
  listKey: string;
  teamId: string | undefined;
  /** Offer Stripe's customer portal (Stripe is configured and the user may manage billing). */
  portal: boolean;
}) {
  const { t, i18n } = useT();
  const timezone = useProfile((s) => s.profile?.timezone);
  const list = usePagedList(listKey, fetchPage);
  const open = useSubmit();
  const lng = i18n.language;
  const openPortal = () =>
    open.run(async () => {
      leaveFor((await billing.portal(teamId)).url);
    });
  return (
    <section aria-labelledby="invoices-title" className="card">
      <h2 id="invoices-title">{t('billing:invoices.title')}</h2>
      <Alert kind="error">{list.error ?? open.error}</Alert>
      {list.items === null ? (
        !list.error && <p role="status">{t('common:loading')}</p>
      ) : list.items.length === 0 ? (
        <p className="muted">{t('billing:invoices.none')}</p>
      ) : (
        <ul className="list" aria-labelledby="invoices-title">
          {list.items.map((inv) => (
            <li key={inv.id}>
              <div>
                <div>
                  {inv.hostedUrl ? (
                    <a
                      href={inv.hostedUrl}
                      target="_blank"
                      rel="noopener noreferrer"
                      aria-label={t('billing:invoices.view', { number: inv.number })}
                    >
                      {inv.number}
                    </a>
                  ) : (
                    inv.number
                  )}{' '}
                  {inv.kind === 'credit_note' && (
                    <span className="badge">{t('billing:invoices.creditNote')}</span>
                  )}
                </div>
                <div className="muted">
                  {formatDate(inv.issuedAt, lng, timezone)} · {inv.description}
                </div>
              </div>
              <strong>{formatMoney(inv.totalCents, inv.currency, lng)}</strong>
            </li>
          ))}
        </ul>
      )}
      <LoadMore list={list} />
      {portal && (
        <p>
          <button
            type="button"
            className="button button--secondary"
            disabled={open.pending}
            aria-describedby="portal-hint"
            onClick={() => void openPortal()}
          >
            {t('billing:invoices.portal')}
          </button>
          <span id="portal-hint" className="field-hint">
            {t('billing:invoices.portalHint')}
          </span>
        </p>
      )}
    </section>
  );
}
