import { storeProviderEvent } from '@atelier/shared/billing/webhooks';
import type { Db } from '@atelier/shared/db';
import { AppError } from '@atelier/shared/errors';
import type { Outbox } from '@atelier/shared/events/outbox';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import type { Logger } from '@atelier/shared/log';
import Stripe from 'stripe';

/** Stripe's own default: a signature older than five minutes is refused (replays of captured requests). */
export const TOLERANCE_SECONDS = 300;

export interface StripeWebhookDeps {
  version: string;
  log: Logger;
  db: Db;
  outbox: Outbox;
  checks: HealthCheck[];
  webhookSecret: string | undefined;
}

// Signature checks need no API key; the instance is only the SDK's entry point.
const webhooks = new Stripe('sk_unused').webhooks;

/**
 * Stripe's webhook endpoint: verify the signature over the raw body, store the event once, hand it to
 * billing-worker through an event, answer 200. Nothing slow happens here, so Stripe never times out;
 * a replay (even concurrent) finds the stored row and does nothing.
 */
export function createApp(deps: StripeWebhookDeps) {
  const { app } = createFunction({
    name: 'stripe-webhook',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
    bodyLimitBytes: 512 * 1024,
  });
  app.post('/v1/webhooks/stripe', async (c) => {
    if (!deps.webhookSecret)
      throw new AppError('payments_not_configured', 503, 'Stripe is not configured on this server');
    const raw = await c.req.text();
    let event: Stripe.Event;
    try {
      event = await webhooks.constructEventAsync(
        raw,
        c.req.header('stripe-signature') ?? '',
        deps.webhookSecret,
        TOLERANCE_SECONDS,
      );
    } catch (err) {
      throw new AppError('invalid_signature', 400, `Stripe signature refused: ${(err as Error).message}`);
    }
    const stored = await storeProviderEvent(deps.outbox, {
      provider: 'stripe',
      eventId: event.id,
      type: event.type,
      payload: event,
    });
    c.get('log')?.info({ stripeEventId: event.id, type: event.type, duplicate: !stored }, 'stripe event');
    return c.json({ received: true, duplicate: !stored });
  });
  return app;
}
