import type { Emit } from '@atelier/shared/billing/payments';
import type { Tx } from '@atelier/shared/db';
import type { BillingWorkerDeps } from './deps';

export async function handleStripeEvent(
  _deps: BillingWorkerDeps,
  _tx: Tx,
  _emit: Emit,
  payload: unknown,
): Promise<string> {
  return `ignored ${(payload as { type?: string }).type ?? 'unknown'}`;
}
