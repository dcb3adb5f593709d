import { Link, Outlet } from 'react-router';
import { PreferencesBar } from './preferences-bar';
import { StatusBanners } from './status-banners';

/** The frame of every signed-out page: brand, one card, language and theme. */
export function AuthLayout() {
  return (
    <>
      <StatusBanners />
      <div className="auth-layout">
        <header>
          <Link to="/" className="brand">
            <img src="/favicon.svg" alt="" width="28" height="28" />
            Atelier
          </Link>
        </header>
        <main id="main" className="auth-card">
          <Outlet />
        </main>
        <footer>
          <PreferencesBar />
        </footer>
      </div>
    </>
  );
}
