import { useState } from 'react';
import { Dialog } from '../../../components/dialog';
import { Alert, SubmitButton, TextField, useSubmit } from '../../../components/form';
import type { BillingView, CatalogPlan, SelfServePlan } from '../../../lib/api/billing-types';
import { formatDate } from '../../../lib/format';
import { useT } from '../../../lib/use-t';
import { useProfile } from '../../account/profile.store';
import { leaveFor } from '../leave-for';
import { billing } from '../use-billing';
import { rememberBalance } from '../use-checkout-return';
import { isLive, planRank } from './plan-rules';

interface Props {
  view: BillingView;
  target: CatalogPlan & { id: SelfServePlan };
  teamId: string | undefined;
  onClose: () => void;
  /** The plan changed in place (no checkout): the new plan and, for a downgrade, when it applies. */
  onChanged: (message: string) => void;
}

/**
 * Confirms a plan choice. Without a live subscription it goes to Stripe Checkout; with one it changes the
 * subscription: an upgrade applies now (prorated), a downgrade at the period's end.
 */
export function ChangePlanDialog({ view, target, teamId, onClose, onChanged }: Props) {
  const { t, i18n } = useT();
  const timezone = useProfile((s) => s.profile?.timezone);
  const submit = useSubmit();
  const sub = isLive(view.subscription) ? view.subscription : null;
  const [seats, setSeats] = useState(String(sub?.seats ?? 1));
  const name = t(`account:plan.names.${target.id}`);
  const periodEnd = sub ? formatDate(sub.currentPeriodEnd, i18n.language, timezone) : '';
  const seatCount = target.perSeat ? Math.max(1, Number.parseInt(seats, 10) || 1) : undefined;
  // Same plan, other seats: more is an upgrade (now), fewer a downgrade (at the period's end).
  const seatsOnly = sub !== null && target.id === sub.plan;
  const upgrade = seatsOnly ? (seatCount ?? 1) > sub.seats : planRank(target.id) > planRank(view.plan);

  const confirm = () =>
    submit.run(async () => {
      if (!sub) {
        const { url } = await billing.checkoutPlan(target.id, seatCount, teamId);
        rememberBalance(view);
        leaveFor(url);
        return;
      }
      const { subscription } = await billing.changePlan(target.id, seatCount, teamId);
      onChanged(
        subscription.pendingPlan
          ? t('billing:plan.scheduled', {
              plan: t(`account:plan.names.${subscription.pendingPlan}`),
              date: formatDate(subscription.currentPeriodEnd, i18n.language, timezone),
            })
          : t('billing:plan.changed', { plan: t(`account:plan.names.${subscription.plan}`) }),
      );
    });

  return (
    <Dialog
      open
      onClose={onClose}
      title={
        seatsOnly
          ? t('billing:change.titleSeats', { plan: name })
          : t(upgrade ? 'billing:change.titleUpgrade' : 'billing:change.titleDowngrade', { plan: name })
      }
    >
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void confirm();
        }}
      >
        <Alert kind="error">{submit.error}</Alert>
        <p>
          {!sub
            ? t('billing:change.checkout')
            : upgrade
              ? t('billing:change.upgradeNow')
              : t('billing:change.downgradeLater', { date: periodEnd })}
        </p>
        {target.perSeat && (
          <TextField
            label={t('billing:change.seats')}
            name="seats"
            type="number"
            inputMode="numeric"
            min={1}
            max={500}
            required
            value={seats}
            onChange={(e) => setSeats(e.target.value)}
            hint={t('billing:change.seatsHint')}
            error={submit.fields.seats}
          />
        )}
        <div className="dialog-actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('common:actions.cancel')}
          </button>
          <SubmitButton pending={submit.pending}>
            {sub ? t('billing:change.confirmChange') : t('billing:change.confirmCheckout')}
          </SubmitButton>
        </div>
      </form>
    </Dialog>
  );
}
