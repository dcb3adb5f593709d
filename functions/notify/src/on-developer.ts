import { developer } from '@atelier/shared/events/catalog';
import { onEvent } from '@atelier/shared/events/consumer';
import { deliver } from './deliver';
import type { NotifyDeps } from './deps';

/** A webhook endpoint its owner must look at: turned off after a failure streak (docs/webhooks.md). */
export const onWebhookDisabled = (deps: NotifyDeps) =>
  onEvent(developer.webhookDisabled, async (event, { tx, afterCommit }) => {
    const d = event.data;
    await deliver(
      deps,
      tx,
      event.id,
      [
        {
          userId: d.userId,
          type: 'developer.webhook_disabled',
          title: `Your webhook to ${d.host} was turned off after ${d.failureStreak} failed deliveries`,
          data: {
            endpointId: d.endpointId,
            host: d.host,
            description: d.description,
            failureStreak: d.failureStreak,
          },
          mail: {
            template: 'notify_webhook_disabled',
            vars: { host: d.host, count: String(d.failureStreak) },
            path: `/developer/webhooks/${d.endpointId}`,
          },
        },
      ],
      afterCommit,
    );
  });
