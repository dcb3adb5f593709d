import { providerEvents } from '../db/schema';
import { billing } from '../events/catalog';
import type { Outbox } from '../events/outbox';

/**
 * A verified webhook event, stored once per (provider, event id) and announced to billing-worker in the
 * same transaction. False when it was stored before: a replay, even a concurrent one, does nothing.
 */
export async function storeProviderEvent(
  outbox: Outbox,
  event: { provider: 'stripe' | 'paypal'; eventId: string; type: string; payload: unknown },
): Promise<boolean> {
  return outbox.transaction(async (tx, emit) => {
    const [row] = await tx
      .insert(providerEvents)
      .values(event)
      .onConflictDoNothing()
      .returning({ eventId: providerEvents.eventId });
    if (row)
      await emit(tx, billing.providerEventReceived, {
        provider: event.provider,
        eventId: event.eventId,
        type: event.type,
      });
    return Boolean(row);
  });
}
