import { useProfile } from '../account/profile.store';
import { useSession } from './auth.store';

/** Signs out (here or everywhere); the guard then shows sign-in without a way back to this page. */
export function useSignOut() {
  const signOut = useSession((s) => s.signOut);
  const resetProfile = useProfile((s) => s.reset);
  return (everywhere = false) =>
    signOut(everywhere)
      .catch(() => {}) // signed out locally whatever the server said
      .finally(resetProfile);
}
