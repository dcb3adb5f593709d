import { webhookDeliveries, webhookEndpoints } from '@atelier/shared/db/schema';
import { developer } from '@atelier/shared/events/catalog';
import { onEvent } from '@atelier/shared/events/consumer';
import { webhookSources } from '@atelier/shared/webhooks/event-types';
import { and, arrayContains, eq } from 'drizzle-orm';
import type { DispatcherDeps } from './deps';

/**
 * A generation outcome, for the endpoints of the user who asked for it that subscribe to its public
 * type: one delivery each (unique per endpoint and event, so a redelivered event adds nothing) and its
 * first try requested through the outbox, all in the event's transaction.
 */
export const dispatchers = (deps: DispatcherDeps) =>
  webhookSources.map((source) =>
    onEvent(source.def, async (event, { tx, afterCommit }) => {
      const out = source.toWebhook(event.data, event.time, deps.publicUrl);
      const endpoints = await tx
        .select({ id: webhookEndpoints.id })
        .from(webhookEndpoints)
        .where(
          and(
            eq(webhookEndpoints.userId, out.userId),
            eq(webhookEndpoints.enabled, true),
            arrayContains(webhookEndpoints.eventTypes, [out.type]),
          ),
        );
      if (endpoints.length === 0) return;
      const created = await tx
        .insert(webhookDeliveries)
        .values(
          endpoints.map((e) => ({
            endpointId: e.id,
            eventId: event.id,
            eventType: out.type,
            payload: out.payload as unknown as Record<string, unknown>,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: webhookDeliveries.id, endpointId: webhookDeliveries.endpointId });
      const ids: string[] = [];
      for (const d of created) {
        ids.push(
          await deps.outbox.add(tx, developer.webhookDeliveryRequested, {
            deliveryId: d.id,
            endpointId: d.endpointId,
            round: 1,
            trigger: 'auto',
          }),
        );
      }
      if (ids.length > 0) afterCommit(() => deps.outbox.relay(ids));
    }),
  );
