import { billing } from '@atelier/shared/events/catalog';
import { onEvent } from '@atelier/shared/events/consumer';
import { deliver } from './deliver';
import type { NotifyDeps } from './deps';
import { billingContacts } from './lookups';

export const onPaymentReminder = (deps: NotifyDeps) =>
  onEvent(billing.paymentReminder, async (event, { tx, afterCommit }) => {
    const d = event.data;
    const to = await billingContacts(tx, d);
    const graceEndsAt = new Date(d.graceEndsAt);
    await deliver(
      deps,
      tx,
      event.id,
      to.map((userId) => ({
        userId,
        type: 'billing.payment_reminder' as const,
        title: d.suspended
          ? 'Paid work is on hold: the subscription payment failed'
          : `The subscription payment failed: update the payment method before ${d.graceEndsAt.slice(0, 10)}`,
        data: {
          subscriptionId: d.subscriptionId,
          teamId: d.teamId,
          reminder: d.reminder,
          graceEndsAt: d.graceEndsAt,
          suspended: d.suspended,
        },
        mail: {
          template: d.suspended
            ? ('notify_payment_suspended' as const)
            : ('notify_payment_reminder' as const),
          vars: { date: graceEndsAt },
          path: '/billing',
        },
      })),
      afterCommit,
    );
  });

export const onSubscriptionChanged = (deps: NotifyDeps) =>
  onEvent(billing.subscriptionChanged, async (event, { tx, afterCommit }) => {
    const d = event.data;
    const to = await billingContacts(tx, d);
    const plan = d.plan.charAt(0).toUpperCase() + d.plan.slice(1);
    await deliver(
      deps,
      tx,
      event.id,
      to.map((userId) => ({
        userId,
        type: 'billing.subscription_changed' as const,
        title: `Subscription changed: ${plan} plan, ${d.status.replace('_', ' ')}`,
        data: {
          subscriptionId: d.subscriptionId,
          teamId: d.teamId,
          plan: d.plan,
          status: d.status,
          cancelAtPeriodEnd: d.cancelAtPeriodEnd,
          currentPeriodEnd: d.currentPeriodEnd,
        },
        mail: { template: 'notify_subscription_changed' as const, vars: { plan }, path: '/billing' },
      })),
      afterCommit,
    );
  });
