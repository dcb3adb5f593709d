import { useEffect, useState } from 'react';
import { Navigate, Outlet, useLocation, useSearchParams } from 'react-router';
import { useProfile } from '../features/account/profile.store';
import { useSession } from '../features/auth/auth.store';
import { safeReturnTo } from '../lib/return-to';
import { AppShell } from './app-shell';
import { Loading } from './loading';

/** Signed-in pages: sends visitors to sign-in (and back afterwards); loads the profile (language) first. */
export function RequireSession() {
  const status = useSession((s) => s.status);
  const endedBy = useSession((s) => s.endedBy);
  const userId = useSession((s) => s.user?.id);
  // A profile left from someone else's session (expired, then another sign-in) does not count.
  const profile = useProfile((s) => (s.profile?.id === userId ? s.profile : null));
  const load = useProfile((s) => s.load);
  const location = useLocation();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (status === 'signedIn' && !profile && !failed) load().catch(() => setFailed(true));
  }, [status, profile, failed, load]);
  if (status === 'unknown') return <Loading />;
  if (status === 'signedOut') {
    // Signed out on purpose or deleted: start afresh. Expired or never signed in: come back here after.
    if (endedBy === 'signedOut') return <Navigate to="/sign-in" replace />;
    if (endedBy === 'deleted') return <Navigate to="/sign-in?deleted=1" replace />;
    const here = location.pathname + location.search;
    return (
      <Navigate to={here === '/' ? '/sign-in' : `/sign-in?returnTo=${encodeURIComponent(here)}`} replace />
    );
  }
  // Offline or the profile failed: still show the app (the banner explains), in the device's language.
  if (!profile && !failed) return <Loading />;
  return <AppShell />;
}

/** Sign-in and sign-up: someone already signed in goes on to where they were heading. */
export function GuestOnly() {
  const status = useSession((s) => s.status);
  const [params] = useSearchParams();
  if (status === 'unknown') return <Loading />;
  if (status === 'signedIn') return <Navigate to={safeReturnTo(params.get('returnTo'))} replace />;
  return <Outlet />;
}
