import { storeProviderEvent } from '@atelier/shared/billing/webhooks';
import type { Db } from '@atelier/shared/db';
import { AppError } from '@atelier/shared/errors';
import type { Outbox } from '@atelier/shared/events/outbox';
import type { HealthCheck } from '@atelier/shared/health';
import { createFunction } from '@atelier/shared/http/create-function';
import type { Logger } from '@atelier/shared/log';
import * as z from 'zod';
import type { CertSource } from './certs';
import { verifyTransmission } from './verify';

export interface PaypalWebhookDeps {
  version: string;
  log: Logger;
  db: Db;
  outbox: Outbox;
  checks: HealthCheck[];
  /** PAYPAL_WEBHOOK_ID: the id PayPal gave this listener, part of what it signs. Unset: 503. */
  webhookId: string | undefined;
  certs: CertSource;
}

/** What we need of PayPal's event envelope; the rest is stored as received. */
const envelope = z.looseObject({
  id: z.string().min(1).max(255),
  event_type: z.string().min(1).max(200),
});

/**
 * PayPal's webhook endpoint: verify the transmission signature over the raw body, store the event once
 * (by its WH-… id), hand it to billing-worker through an event, answer 200. Nothing slow happens here;
 * a replay (even concurrent) finds the stored row and does nothing.
 */
export function createApp(deps: PaypalWebhookDeps) {
  const { app } = createFunction({
    name: 'paypal-webhook',
    version: deps.version,
    log: deps.log,
    checks: deps.checks,
    bodyLimitBytes: 512 * 1024,
  });
  app.post('/v1/webhooks/paypal', async (c) => {
    if (!deps.webhookId)
      throw new AppError('payments_not_configured', 503, 'PayPal webhooks are not configured on this server');
    const raw = new Uint8Array(await c.req.arrayBuffer());
    await verifyTransmission((name) => c.req.header(name), raw, deps.webhookId, deps.certs);
    let parsed: z.infer<typeof envelope>;
    try {
      parsed = envelope.parse(JSON.parse(Buffer.from(raw).toString('utf8')));
    } catch {
      throw new AppError('invalid_json', 400, 'The signed body is not a PayPal webhook event');
    }
    const stored = await storeProviderEvent(deps.outbox, {
      provider: 'paypal',
      eventId: parsed.id,
      type: parsed.event_type,
      payload: parsed,
    });
    c.get('log')?.info(
      { paypalEventId: parsed.id, type: parsed.event_type, duplicate: !stored },
      'paypal event',
    );
    return c.json({ received: true, duplicate: !stored });
  });
  return app;
}
