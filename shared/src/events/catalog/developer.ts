import * as z from 'zod';
import { defineEvent } from '../define';

/**
 * One try of a webhook delivery is wanted (docs/webhooks.md). `round` is the delivery's round when it
 * was asked for: a manual redeliver starts a new round, and a retry of an older round is dropped.
 */
export const webhookDeliveryRequested = defineEvent(
  'dev.atelier.developer.webhook.delivery_requested.v1',
  z.object({
    deliveryId: z.uuid(),
    endpointId: z.uuid(),
    round: z.number().int().positive(),
    /** `auto`: an event (tried up to 6 times); `manual`: a redeliver, `test`: a test ping (once each). */
    trigger: z.enum(['auto', 'manual', 'test']),
  }),
  {
    description:
      'A webhook delivery should be tried: made for an event, asked again by its owner (redeliver), or a test ping.',
    producers: ['webhook-dispatcher', 'webhooks'],
  },
);

export const webhookDisabled = defineEvent(
  'dev.atelier.developer.webhook.disabled.v1',
  z.object({
    endpointId: z.uuid(),
    userId: z.uuid(),
    /** The endpoint's host (not its whole URL, which may carry a token of the receiver's). */
    host: z.string().max(300),
    description: z.string().max(500),
    failureStreak: z.number().int().positive(),
  }),
  {
    description:
      'A webhook endpoint was disabled after too many deliveries in a row failed; its owner is told.',
    producers: ['webhook-dispatcher'],
  },
);
