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
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once per user
  useEffect(() => {
    if (userId) load(userId).catch((err) => setError(message(err)));
  }, [userId, load]);
  return { account, error };
}
