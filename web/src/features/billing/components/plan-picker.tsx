import { useState } from 'react';
import { Dialog } from '../../../components/dialog';
import { Alert, useSubmit } from '../../../components/form';
import { config } from '../../../config';
import type { BillingView, Catalog, CatalogPlan, SelfServePlan } from '../../../lib/api/billing-types';
import { formatDate, formatNumber } from '../../../lib/format';
import { useT } from '../../../lib/use-t';
import { useProfile } from '../../account/profile.store';
import { formatPrice } from '../billing-format';
import { billing } from '../use-billing';
import { ChangePlanDialog } from './change-plan-dialog';
import { isLive, planRank } from './plan-rules';

interface Props {
  view: BillingView;
  catalog: Catalog;
  teamId: string | undefined;
  /** Something changed in place: re-read the view, and announce `message`. */
  onChanged: (message: string) => void;
}

type SelfServeCard = CatalogPlan & { id: SelfServePlan };

/** The plans side by side, the current one marked; upgrade, switch, cancel or resume. */
export function PlanPicker({ view, catalog, teamId, onChanged }: Props) {
  const { t, i18n } = useT();
  const timezone = useProfile((s) => s.profile?.timezone);
  const [target, setTarget] = useState<SelfServeCard | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const action = useSubmit();
  const sub = isLive(view.subscription) ? view.subscription : null;
  const date = (iso: string) => formatDate(iso, i18n.language, timezone);
  const name = (id: CatalogPlan['id']) => t(`account:plan.names.${id}`);
  const n = (x: number) => formatNumber(x, i18n.language);

  const price = (p: CatalogPlan) => {
    if (p.priceCents === null) return t('billing:plan.custom');
    const amount = formatPrice(p.priceCents, catalog.currency, i18n.language);
    return t(p.perSeat ? 'billing:plan.perSeatMonth' : 'billing:plan.perMonth', { price: amount });
  };

  const cancel = () =>
    action.run(async () => {
      const { subscription } = await billing.cancel(teamId);
      setConfirmCancel(false);
      onChanged(t('billing:plan.cancelled', { date: date(subscription.currentPeriodEnd) }));
    });
  const resume = () =>
    action.run(async () => {
      await billing.resume(teamId);
      onChanged(t('billing:plan.resumed'));
    });

  return (
    <section aria-labelledby="plan-title" className="card">
      <h2 id="plan-title">{t('billing:plan.title')}</h2>
      <Alert kind="error">{action.error}</Alert>
      {sub && (
        <p>
          <strong>{name(sub.plan)}</strong>
          {sub.seats > 1 && <> · {t('billing:plan.seats', { seats: n(sub.seats) })}</>} ·{' '}
          {sub.provider === 'manual'
            ? t('billing:plan.contractUntil', { date: date(sub.currentPeriodEnd) })
            : sub.cancelAtPeriodEnd
              ? t('billing:plan.endsOn', { date: date(sub.currentPeriodEnd) })
              : sub.pendingPlan
                ? t('billing:plan.changesOn', {
                    plan: name(sub.pendingPlan),
                    date: date(sub.currentPeriodEnd),
                  })
                : t('billing:plan.renewsOn', { date: date(sub.currentPeriodEnd) })}
        </p>
      )}
      <ul className="card-grid plan-cards">
        {catalog.plans.map((p) => {
          const current = p.id === view.plan;
          return (
            <li key={p.id} className="card" aria-current={current ? 'true' : undefined}>
              <h3>
                {name(p.id)} {current && <span className="badge">{t('billing:plan.current')}</span>}
              </h3>
              <p>
                <strong>{price(p)}</strong>
              </p>
              <ul className="entitlements">
                <li>{t('billing:plan.monthlyCredits', { credits: n(p.monthlyCredits) })}</li>
                {p.freeSampleBatches > 0 && (
                  <li>{t('billing:plan.freeSamples', { batches: n(p.freeSampleBatches) })}</li>
                )}
                <li>{p.watermark ? t('billing:plan.watermark') : t('billing:plan.noWatermark')}</li>
                {p.canUseBrandKits && <li>{t('billing:plan.brandKits')}</li>}
                {p.teams && <li>{t('billing:plan.teams')}</li>}
                {p.sso && <li>{t('billing:plan.sso')}</li>}
              </ul>
              {view.canManage && !current && planAction(p)}
              {view.canManage && current && p.perSeat && sub?.provider === 'stripe' && (
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={!view.providers.stripe}
                  onClick={() => setTarget(p as SelfServeCard)}
                >
                  {t('billing:plan.changeSeats')}
                </button>
              )}
              {view.canManage && p.id === 'free' && sub && !sub.cancelAtPeriodEnd && (
                <p className="muted">{t('billing:plan.freeNote')}</p>
              )}
            </li>
          );
        })}
      </ul>
      {view.canManage && sub && sub.provider !== 'manual' && (
        <p className="page-actions">
          {sub.cancelAtPeriodEnd ? (
            <button type="button" className="button" disabled={action.pending} onClick={() => void resume()}>
              {t('billing:plan.resume')}
            </button>
          ) : (
            <button type="button" className="button button--secondary" onClick={() => setConfirmCancel(true)}>
              {t('billing:plan.cancel')}
            </button>
          )}
        </p>
      )}
      {target && (
        <ChangePlanDialog
          view={view}
          target={target}
          teamId={teamId}
          onClose={() => setTarget(null)}
          onChanged={(message) => {
            setTarget(null);
            onChanged(message);
          }}
        />
      )}
      <Dialog open={confirmCancel} onClose={() => setConfirmCancel(false)} title={t('billing:cancel.title')}>
        {sub && <p>{t('billing:cancel.body', { date: date(sub.currentPeriodEnd) })}</p>}
        <Alert kind="error">{action.error}</Alert>
        <div className="dialog-actions">
          <button type="button" className="button button--secondary" onClick={() => setConfirmCancel(false)}>
            {t('billing:cancel.keep')}
          </button>
          <button
            type="button"
            className="button button--danger"
            disabled={action.pending}
            onClick={() => void cancel()}
          >
            {action.pending ? t('common:actions.working') : t('billing:cancel.confirm')}
          </button>
        </div>
      </Dialog>
    </section>
  );

  function planAction(p: CatalogPlan) {
    if (p.id === 'enterprise') {
      const subject = encodeURIComponent(t('billing:plan.contactSalesSubject'));
      return (
        <a className="button button--secondary" href={`mailto:${config.salesEmail}?subject=${subject}`}>
          {t('billing:plan.contactSales')}
        </a>
      );
    }
    if (p.id === 'free' || !p.selfServe) return null;
    // Users buy Pro; teams buy Team (per seat), from the team's own billing page.
    if (p.id === 'pro' && view.owner.type === 'team') return null;
    if (p.id === 'team' && view.owner.type === 'user')
      return <p className="muted">{t('billing:plan.teamOnly')}</p>;
    // A contract set up by ops is changed by ops.
    if (sub?.provider === 'manual') return null;
    const upgrade = planRank(p.id) > planRank(view.plan);
    const off = !view.providers.stripe;
    return (
      <>
        <button
          type="button"
          className={upgrade ? 'button' : 'button button--secondary'}
          disabled={off || sub?.pendingPlan === p.id}
          aria-describedby={off ? `plan-off-${p.id}` : undefined}
          onClick={() => setTarget(p as SelfServeCard)}
        >
          {t(upgrade ? 'billing:plan.upgrade' : 'billing:plan.switch', { plan: name(p.id) })}
        </button>
        {off && (
          <p id={`plan-off-${p.id}`} className="muted">
            {t('billing:buy.stripeOff')}
          </p>
        )}
      </>
    );
  }
}
