import { useEffect, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useProfile } from '../features/account/profile.store';
import { useSession } from '../features/auth/auth.store';
import { useSignOut } from '../features/auth/use-sign-out';
import { NotificationBell } from '../features/notifications/components/notification-bell';
import { type AreaKey, businessAreas, settingsAreas, workAreas } from '../lib/areas';
import { useT } from '../lib/use-t';
import { StatusBanners } from './status-banners';

/** The signed-in frame: skip link, header, the navigation to every area, and the page. */
export function AppShell() {
  const { t } = useT();
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();
  const email = useSession((s) => s.user?.email);
  const name = useProfile((s) => s.profile?.displayName);
  const signOut = useSignOut();
  // biome-ignore lint/correctness/useExhaustiveDependencies: close the phone menu after each navigation
  useEffect(() => setMenuOpen(false), [pathname]);

  const section = (title: string, items: ReadonlyArray<{ path: string; key: AreaKey }>) => (
    <>
      <h2>{title}</h2>
      <ul>
        {items.map((a) => (
          <li key={a.path}>
            <NavLink to={a.path}>{t(`common:nav.${a.key}`)}</NavLink>
          </li>
        ))}
      </ul>
    </>
  );

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('common:skipToContent')}
      </a>
      <div>
        <StatusBanners />
        <header className="shell-header">
          <div className="toolbar">
            <button
              type="button"
              className="button button--secondary nav-toggle"
              aria-expanded={menuOpen}
              aria-controls="app-nav"
              onClick={() => setMenuOpen((o) => !o)}
            >
              {t('common:menu')}
            </button>
            <Link to="/" className="brand">
              <img src="/favicon.svg" alt="" width="28" height="28" />
              Atelier
            </Link>
          </div>
          <div className="toolbar">
            <span className="muted shell-user">{name || email}</span>
            <NotificationBell />
            <button type="button" className="button button--secondary" onClick={() => void signOut()}>
              {t('common:signOut')}
            </button>
          </div>
        </header>
      </div>
      <div className="shell-body">
        <nav id="app-nav" className="shell-nav" aria-label={t('common:nav.label')} data-open={menuOpen}>
          <ul>
            <li>
              <NavLink to="/" end>
                {t('common:nav.dashboard')}
              </NavLink>
            </li>
          </ul>
          {section(t('common:nav.create'), workAreas)}
          {section(t('common:nav.business'), businessAreas)}
          {section(t('common:nav.settings'), settingsAreas)}
        </nav>
        <main id="main">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
