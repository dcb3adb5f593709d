import { completePackOrder, type Emit, takeBackPayment } from '@atelier/shared/billing/payments';
import { decimalToCents } from '@atelier/shared/billing/paypal';
import type { Tx } from '@atelier/shared/db';
import * as z from 'zod';
import type { BillingWorkerDeps } from './deps';

const link = z.object({ href: z.string(), rel: z.string() });
const amount = z.object({ currency_code: z.string(), value: z.string() });

/** The parts of PayPal's webhook event (v2 payments resources) we act on; PayPal sends many more. */
const paypalEvent = z.object({
  id: z.string(),
  event_type: z.string(),
  resource: z
    .object({
      id: z.string().optional(),
      amount: amount.optional(),
      supplementary_data: z
        .object({ related_ids: z.object({ order_id: z.string().optional() }).optional() })
        .optional(),
      links: z.array(link).optional(),
    })
    .optional(),
});
type PaypalEvent = z.infer<typeof paypalEvent>;

/** The id at the end of a `/v2/payments/captures/{id}` link of the resource, by relation. */
const captureIdIn = (event: PaypalEvent, rel: string) => {
  const href = event.resource?.links?.find((l) => l.rel === rel)?.href ?? '';
  return /\/v2\/payments\/captures\/([A-Za-z0-9-]+)\/?$/.exec(href)?.[1];
};

/**
 * PayPal webhook events, stored and verified by paypal-webhook. Returns the outcome recorded on the
 * event row. A capture completing credits the pack (unless the capture route already did: completePackOrder
 * does it once); a refund or reversal takes the credits back once per refund and records a credit note.
 */
export async function handlePaypalEvent(
  deps: BillingWorkerDeps,
  tx: Tx,
  emit: Emit,
  payload: unknown,
): Promise<string> {
  const parsed = paypalEvent.safeParse(payload);
  if (!parsed.success) return 'ignored: not a PayPal event';
  const event = parsed.data;
  const { resource } = event;
  switch (event.event_type) {
    case 'PAYMENT.CAPTURE.COMPLETED': {
      const orderId = resource?.supplementary_data?.related_ids?.order_id;
      if (!orderId || !resource?.id) return 'ignored: capture without order id';
      const outcome = await completePackOrder(tx, emit, {
        provider: 'paypal',
        providerRef: orderId,
        paymentRef: resource.id,
      });
      return `capture ${outcome}`;
    }
    case 'PAYMENT.CAPTURE.REFUNDED':
    case 'PAYMENT.CAPTURE.REVERSED': {
      const kind = event.event_type === 'PAYMENT.CAPTURE.REFUNDED' ? 'refund' : 'chargeback';
      // The resource is the refund; its `up` link names the capture. Should a reversal come as the
      // capture itself (its `self` link a capture), the event id stands for the reversal.
      const upCapture = captureIdIn(event, 'up');
      const paymentRef = upCapture ?? captureIdIn(event, 'self');
      const reference = upCapture ? resource?.id : event.id;
      // PayPal writes a reversal's amount as it moved: accept "-10.00" as 10.00 taken back.
      const money = resource?.amount;
      const cents = money ? decimalToCents(money.value.replace(/^-/, ''), money.currency_code) : null;
      if (!paymentRef || !reference || cents === null) {
        deps.log.warn(
          { eventId: event.id, type: event.event_type },
          'paypal refund without capture or amount',
        );
        return `ignored: ${kind} without capture or amount`;
      }
      const outcome = await takeBackPayment(tx, emit, {
        provider: 'paypal',
        paymentRef,
        kind,
        reference,
        amountCents: cents,
      });
      return `${kind} ${outcome}`;
    }
    default:
      return `ignored ${event.event_type}`;
  }
}
