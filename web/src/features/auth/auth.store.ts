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
  /**
   * At start (and after an external sign-in): trade the refresh cookie for a session, if there is one.
   * Skipped when this device was not signed in (no 401 in the console on every signed-out visit), unless
   * `force` (back from an external provider, which set the cookie without this app knowing).
   */
  restore(opts?: { force?: boolean }): Promise<void>;
  /** Takes the answer of a password or MFA sign-in. */
  adopt(signed: SignedIn): void;
  markEmailVerified(): void;
  signOut(everywhere?: boolean): Promise<void>;
  /** Forgets the session locally (the server already ended it). */
  clear(why?: SessionEnd): void;
}

/**
 * "Signed in on this device": a non-secret hint in localStorage, set at sign-in and cleared at sign-out
 * or when the session ends, so a signed-out visit does not ask for a refresh that can only fail. The
 * session itself stays in the HttpOnly cookie; without storage the app always asks.
 */
export interface SessionHint {
  get(): boolean;
  set(signedIn: boolean): void;
}
const HINT_KEY = 'atelier.signedIn';
export const localSessionHint: SessionHint = {
  get() {
    try {
      return localStorage.getItem(HINT_KEY) === '1';
    } catch {
      return true;
    }
  },
  set(signedIn) {
    try {
      localStorage.setItem(HINT_KEY, signedIn ? '1' : '0');
    } catch {
      // storage disabled: every start asks the server
    }
  },
};

export function createSessionStore(api: ApiClient, hint: SessionHint = localSessionHint) {
  const auth = authApi(api);
  const store = create<SessionState>()((set, get) => ({
    status: 'unknown',
    user: null,
    endedBy: null,
    async restore({ force = false } = {}) {
      if (!force && !hint.get()) {
        set({ status: 'signedOut', user: null });
        return;
      }
      try {
        const signed = await api.refresh();
        hint.set(signed !== null);
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
      hint.set(true);
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
      hint.set(false);
      set({ status: 'signedOut', user: null, endedBy: why });
    },
  }));
  api.onSignedOut(() => store.getState().clear('expired'));
  return store;
}

export const useSession = createSessionStore(defaultApi);
