import type { Emit } from '@atelier/shared/billing/payments';
import type { Tx } from '@atelier/shared/db';
import type { BillingWorkerDeps } from './deps';

/** PayPal webhook events (being built: issue 6). Returns the outcome recorded on the event row. */
export async function handlePaypalEvent(
  _deps: BillingWorkerDeps,
  _tx: Tx,
  _emit: Emit,
  payload: unknown,
): Promise<string> {
  return `ignored ${(payload as { event_type?: string }).event_type ?? 'unknown'}`;
}
