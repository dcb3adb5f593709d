import { type AccountView, type ApiClient, api as defaultApi } from '../../lib/api';
import { create } from '../../lib/store';
import { accountApi } from './account.api';

export interface PlanState {
  /** Whose account view this is: one left from another session does not count. */
  userId: string | null;
  account: AccountView | null;
  /** Loads `userId`'s account view once; `force` reads it again (e.g. after an upgrade). */
  load(userId: string, force?: boolean): Promise<AccountView>;
}

/** The plan in force and its entitlements: the dashboard shows them, paid features ask them first. */
export function createPlanStore(api: ApiClient) {
  const account = accountApi(api);
  let inFlight: Promise<AccountView> | null = null;
  return create<PlanState>()((set, get) => ({
    userId: null,
    account: null,
    load(userId, force = false) {
      const { account: known, userId: owner } = get();
      if (known && owner === userId && !force) return Promise.resolve(known);
      inFlight ??= account
        .account()
        .then((view) => {
          set({ account: view, userId });
          return view;
        })
        .finally(() => {
          inFlight = null;
        });
      return inFlight;
    },
  }));
}

export const usePlan = createPlanStore(defaultApi);
