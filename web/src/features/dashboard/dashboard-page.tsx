import { Link } from 'react-router';
import { PageHeading } from '../../components/page-heading';
import { type AreaKey, businessAreas, settingsAreas, workAreas } from '../../lib/areas';
import { formatDate } from '../../lib/format';
import { useT } from '../../lib/use-t';
import { PlanSummary } from '../account/components/plan-summary';
import { useProfile } from '../account/profile.store';
import { useSession } from '../auth/auth.store';
import { VerifyEmailNotice } from './verify-email-notice';

/** Home after sign-in: the account at a glance and a door to every area (each one click away). */
export function DashboardPage() {
  const { t, i18n } = useT();
  const profile = useProfile((s) => s.profile);
  const user = useSession((s) => s.user);
  const name = profile?.displayName || profile?.username || user?.email || '';
  const cards = (
    title: 'create' | 'business' | 'settings',
    items: ReadonlyArray<{ path: string; key: AreaKey }>,
  ) => (
    <section aria-labelledby={`areas-${title}`}>
      <h2 id={`areas-${title}`}>{t(`dashboard:sections.${title}`)}</h2>
      <ul className="card-grid">
        {items.map((a) => (
          <li key={a.path}>
            <Link className="card" to={a.path}>
              <h3>{t(`common:nav.${a.key}`)}</h3>
              <p className="muted">{t(`dashboard:areas.${a.key}`)}</p>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
  return (
    <>
      <PageHeading title={t('dashboard:title')}>{t('dashboard:welcome', { name })}</PageHeading>
      {user && !user.emailVerified && <VerifyEmailNotice email={user.email} />}
      <section className="card" aria-labelledby="account-summary">
        <h2 id="account-summary">{t('dashboard:account.title')}</h2>
        <PlanSummary />
        {profile && (
          <p className="muted">
            {t('dashboard:account.memberSince')}:{' '}
            {formatDate(profile.createdAt, i18n.language, profile.timezone)}
          </p>
        )}
      </section>
      {cards('create', workAreas)}
      {cards('business', businessAreas)}
      {cards('settings', settingsAreas)}
    </>
  );
}
