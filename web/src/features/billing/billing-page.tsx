import { useCallback, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '../../components/form';
import { PageHeading } from '../../components/page-heading';
import { useErrorMessage } from '../../lib/errors';
import { formatDate, formatNumber } from '../../lib/format';
import { useT } from '../../lib/use-t';
import { useProfile } from '../account/profile.store';
import { useAccountView } from '../account/use-account-view';
import { BuyCredits } from './components/buy-credits';
import { CreditBalance } from './components/credit-balance';
import { InvoicesList } from './components/invoices-list';
import { LedgerHistory } from './components/ledger-history';
import { PlanPicker } from './components/plan-picker';
import { billing, useBilling } from './use-billing';
import { type ReturnMessage, useCheckoutReturn } from './use-checkout-return';

/** /billing (the user's) and /billing?teamId= (a team's): plan, credits, history, buying, invoices. */
export function BillingPage() {
  const { t, i18n } = useT();
  const message = useErrorMessage();
  const [params] = useSearchParams();
  const teamId = params.get('teamId') ?? undefined;
  const timezone = useProfile((s) => s.profile?.timezone);
  const { account } = useAccountView();
  const teamName = teamId ? account?.teams.find((x) => x.teamId === teamId)?.name : undefined;
  const { view, catalog, error, reload, refresh } = useBilling(teamId);
  // Bumped after a payment or a change: the history and invoices read their first page again.
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const settled = useCallback(() => {
    setVersion((v) => v + 1);
    void refresh();
  }, [refresh]);
  const returned = useCheckoutReturn(reload, settled);
  const ledgerPage = useCallback((cursor?: string) => billing.ledger(teamId, cursor), [teamId]);
  const invoicePage = useCallback((cursor?: string) => billing.invoices(teamId, cursor), [teamId]);

  const title = teamName ? t('billing:teamTitle', { team: teamName }) : t('billing:title');
  const returnText = (m: ReturnMessage) =>
    m.kind === 'error'
      ? message(m.failure)
      : t(`billing:returns.${m.key}`, { credits: formatNumber(m.credits ?? 0, i18n.language) });
  const sub = view?.subscription;

  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      {/* One polite live region for what happened: a return from a payment page, or a change. */}
      <div role="status">
        {returned && returned.kind !== 'error' && (
          <p className={`alert alert--${returned.kind}`}>{returnText(returned)}</p>
        )}
        {notice && <p className="alert alert--success">{notice}</p>}
      </div>
      {returned?.kind === 'error' && <Alert kind="error">{returnText(returned)}</Alert>}
      <Alert kind="error">{error}</Alert>
      {sub?.status === 'past_due' && (
        <div className="alert alert--error" role="alert">
          {sub.suspended
            ? t('billing:pastDue.suspended')
            : sub.graceEndsAt
              ? t('billing:pastDue.grace', { date: formatDate(sub.graceEndsAt, i18n.language, timezone) })
              : t('billing:pastDue.banner')}
        </div>
      )}
      {!view || !catalog ? (
        !error && <p role="status">{t('common:loading')}</p>
      ) : (
        <>
          {!view.canManage &&
            (view.manageBlocked === 'mfa_required' ? (
              <p className="alert alert--info">
                {t('billing:readOnlyMfa')} <Link to="/settings/security">{t('teams:mfaRequiredLink')}</Link>
              </p>
            ) : (
              <p className="alert alert--info">{t('billing:readOnly')}</p>
            ))}
          <CreditBalance view={view} />
          <PlanPicker
            view={view}
            catalog={catalog}
            teamId={teamId}
            onChanged={(text) => {
              setNotice(text);
              settled();
            }}
          />
          {view.canManage && <BuyCredits view={view} catalog={catalog} teamId={teamId} />}
          <LedgerHistory listKey={`${teamId}:${version}`} fetchPage={ledgerPage} />
          <InvoicesList
            listKey={`${teamId}:${version}`}
            fetchPage={invoicePage}
            teamId={teamId}
            portal={view.canManage && view.providers.stripe}
          />
        </>
      )}
    </>
  );
}
