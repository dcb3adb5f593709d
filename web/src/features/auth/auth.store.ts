import { type ApiClient, api as defaultApi, type SignedIn } from '../../lib/api';
import { create } from '../../lib/store';
import { authApi } from './auth.api';

export type SessionStatus = 'unknown' | 'signedOut' | 'signedIn';
/** Why the last session ended: decides where the app goes next (see guards.tsx). */
export type SessionEnd = 'signedOut' | 'expired' | 'deleted';

export interface SessionState {
  status: SessionStatus;
  user: SignedIn['user'] | null;
  endedBy: SessionEnd | null;
  /** At start (and after an external sign-in): trade the refresh cookie for a session, if there is one. */
  restore(): Promise<void>;
  /** Takes the answer of a password or MFA sign-in. */
  adopt(signed: SignedIn): void;
  markEmailVerified(): void;
  signOut(everywhere?: boolean): Promise<void>;
  /** Forgets the session locally (the server already ended it). */
  clear(why?: SessionEnd): void;
}

export function createSessionStore(api: ApiClient) {
  const auth = authApi(api);
  const store = create<SessionState>()((set, get) => ({
    status: 'unknown',
    user: null,
    endedBy: null,
    async restore() {
      try {
        const signed = await api.refresh();
        if (signed) set({ status: 'signedIn', user: signed.user });
        else set({ status: 'signedOut', user: null });
      } catch {
        // Offline or the server is down: without a token nothing private can load, so show sign-in
        // (the offline banner says why); the cookie is still there for the next try.
        set({ status: 'signedOut', user: null });
      }
    },
    adopt(signed) {
      api.setAccessToken(signed.accessToken);
      set({ status: 'signedIn', user: signed.user, endedBy: null });
    },
    markEmailVerified() {
      const user = get().user;
      if (user) set({ user: { ...user, emailVerified: true } });
    },
    async signOut(everywhere = false) {
      try {
        await (everywhere ? auth.logoutEverywhere() : auth.logout());
      } finally {
        get().clear('signedOut');
      }
    },
    clear(why = 'signedOut') {
      api.setAccessToken(null);
      set({ status: 'signedOut', user: null, endedBy: why });
    },
  }));
  api.onSignedOut(() => store.getState().clear('expired'));
  return store;
}

export const useSession = createSessionStore(defaultApi);
