import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { BillingView } from '../../lib/api/billing-types';
import { billing } from './use-billing';

const BEFORE = 'atelier.billing.availableBefore';
const POLLS = 8;
const POLL_MS = 1_500;

/** Notes the balance before leaving for a payment page, so the return can tell when the credits arrived. */
export function rememberBalance(view: BillingView) {
  try {
    sessionStorage.setItem(BEFORE, String(view.credits.available));
  } catch {
    // Storage may be off (private mode): the return then compares with its first read.
  }
}

function takeRememberedBalance(): number | null {
  try {
    const v = sessionStorage.getItem(BEFORE);
    sessionStorage.removeItem(BEFORE);
    return v === null ? null : Number(v);
  } catch {
    return null;
  }
}

export type ReturnMessage =
  | { kind: 'success' | 'info'; key: ReturnKey; credits?: number }
  | { kind: 'error'; failure: unknown };
type ReturnKey =
  | 'checkoutSuccess'
  | 'checkoutArrived'
  | 'checkoutSlow'
  | 'checkoutCancelled'
  | 'paypalCapturing'
  | 'paypalCompleted'
  | 'paypalPending'
  | 'paypalCancelled';

/**
 * The way back from a payment page: `?checkout=success|cancelled` (Stripe Checkout) and
 * `?paypal=return&order=…|cancelled` (PayPal). Stripe's webhook may land a moment after the browser,
 * so a success polls the view a few times until the balance moves; a PayPal return captures the order.
 * The query is then removed, so a reload does not repeat it. `onSettled` reloads the lists.
 */
export function useCheckoutReturn(
  reload: () => Promise<BillingView | null>,
  onSettled: () => void,
): ReturnMessage | null {
  const [params, setParams] = useSearchParams();
  const [message, setMessage] = useState<ReturnMessage | null>(null);
  const handled = useRef(false);
  // Stops the polling when the page goes away (a ref, not the effect's cleanup: StrictMode runs
  // effects twice, and the second run must not start a second poll).
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  const checkout = params.get('checkout');
  const paypal = params.get('paypal');
  // Our return URL names the order; PayPal itself appends it as `token`.
  const order = params.get('order') ?? params.get('token');

  // biome-ignore lint/correctness/useExhaustiveDependencies: once, for the query the page opened with
  useEffect(() => {
    if (handled.current || (!checkout && !paypal)) return;
    handled.current = true;
    setParams(
      (p) => {
        for (const k of ['checkout', 'paypal', 'order', 'token', 'PayerID', 'session_id']) p.delete(k);
        return p;
      },
      { replace: true },
    );
    const run = async () => {
      if (checkout === 'cancelled') return setMessage({ kind: 'info', key: 'checkoutCancelled' });
      if (paypal === 'cancelled') return setMessage({ kind: 'info', key: 'paypalCancelled' });
      if (checkout === 'success') {
        setMessage({ kind: 'success', key: 'checkoutSuccess' });
        const before = takeRememberedBalance() ?? (await reload())?.credits.available;
        for (let i = 0; i < POLLS && alive.current; i++) {
          const now = (await reload())?.credits.available;
          if (now !== undefined && now !== before) {
            setMessage({ kind: 'success', key: 'checkoutArrived' });
            return onSettled();
          }
          await new Promise((r) => setTimeout(r, POLL_MS));
        }
        if (alive.current) {
          setMessage({ kind: 'info', key: 'checkoutSlow' });
          onSettled();
        }
        return;
      }
      if (paypal === 'return' && order) {
        setMessage({ kind: 'info', key: 'paypalCapturing' });
        try {
          const result = await billing.paypalCapture(order);
          setMessage(
            result.state === 'completed'
              ? { kind: 'success', key: 'paypalCompleted', credits: result.credits }
              : { kind: 'info', key: 'paypalPending' },
          );
        } catch (err) {
          setMessage({ kind: 'error', failure: err ?? new Error('failed') });
        }
        await reload();
        onSettled();
      }
    };
    void run();
  }, []);

  return message;
}
