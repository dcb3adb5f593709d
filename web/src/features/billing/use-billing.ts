import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api';
import type { BillingView, Catalog } from '../../lib/api/billing-types';
import { useErrorMessage } from '../../lib/errors';
import { usePlan } from '../account/plan.store';
import { useSession } from '../auth/auth.store';
import { billingApi } from './billing.api';

export const billing = billingApi(api);

/**
 * The billing view of the user or a team, and the catalog. `reload` reads the view again and returns it
 * (the checkout return polls with it); it also refreshes the account view the rest of the app reads
 * (plan, past-due banner).
 */
export function useBilling(teamId: string | undefined) {
  const message = useErrorMessage();
  const userId = useSession((s) => s.user?.id);
  const loadPlan = usePlan((s) => s.load);
  const [view, setView] = useState<BillingView | null>(null);
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  // The failure, not its text: the message follows a language switch.
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);

  const reload = useCallback(async (): Promise<BillingView | null> => {
    const mine = ++seq.current;
    try {
      const next = await billing.view(teamId);
      if (seq.current === mine) {
        setView(next);
        setError(null);
      }
      return next;
    } catch (err) {
      if (seq.current === mine) setError(err ?? new Error('failed'));
      return null;
    }
  }, [teamId]);

  useEffect(() => {
    setView(null);
    void reload();
  }, [reload]);
  useEffect(() => {
    billing.catalog().then(setCatalog, (err) => setError(err ?? new Error('failed')));
  }, []);

  /** After a change: this page's view and the app's account view. */
  const refresh = useCallback(async () => {
    const next = await reload();
    if (userId) await loadPlan(userId, true).catch(() => undefined);
    return next;
  }, [reload, userId, loadPlan]);

  return { view, catalog, error: error ? message(error) : null, reload, refresh };
}
