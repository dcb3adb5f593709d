import type { Emit } from '@atelier/shared/billing/payments';
import { providerEvents } from '@atelier/shared/db/schema';
import { billing } from '@atelier/shared/events/catalog';
import { onEvent } from '@atelier/shared/events/consumer';
import { and, eq } from 'drizzle-orm';
import type { BillingWorkerDeps } from './deps';
import { handlePaypalEvent } from './paypal-events';
import { handleStripeEvent } from './stripe-events';

/**
 * Processes a stored webhook event (billing.provider_events) in the delivery's transaction: the
 * effects, the row's outcome and the de-duplication commit together, so a retry after a failure redoes
 * all of it and a redelivery after success none of it.
 */
export const onProviderEvent = (deps: BillingWorkerDeps) =>
  onEvent(billing.providerEventReceived, async (event, { tx, afterCommit }) => {
    const { provider, eventId } = event.data;
    const [row] = await tx
      .select()
      .from(providerEvents)
      .where(and(eq(providerEvents.provider, provider), eq(providerEvents.eventId, eventId)))
      .for('update');
    if (!row) {
      deps.log.warn({ provider, eventId }, 'provider event not stored; ignored');
      return;
    }
    if (row.processedAt) return;
    const emit: Emit = async (t, def, data) => {
      const id = await deps.outbox.add(t, def, data);
      afterCommit(() => deps.outbox.relay([id]));
    };
    const outcome =
      provider === 'stripe'
        ? await handleStripeEvent(deps, tx, emit, row.payload)
        : await handlePaypalEvent(deps, tx, emit, row.payload);
    await tx
      .update(providerEvents)
      .set({ processedAt: new Date(), outcome })
      .where(and(eq(providerEvents.provider, provider), eq(providerEvents.eventId, eventId)));
    deps.log.info({ provider, eventId, type: row.type, outcome }, 'payment event processed');
  });
