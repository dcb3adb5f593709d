import { useEffect, useState } from 'react';
import type { AccountView } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { useSession } from '../auth/auth.store';
import { usePlan } from './plan.store';

/** The signed-in user's account view (plan and entitlements), loaded once; null while it loads. */
export function useAccountView(): { account: AccountView | null; error: string | null } {
  const userId = useSession((s) => s.user?.id);
  const account = usePlan((s) => (s.userId === userId ? s.account : null));
  const load = usePlan((s) => s.load);
  const message = useErrorMessage();
  // The failure, not its text: the message follows a language switch.
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (userId) load(userId).catch((err) => setError(err ?? new Error('failed')));
  }, [userId, load]);
  return { account, error: error ? message(error) : null };
}
