import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Alert, SelectField, SubmitButton, TextField, useSubmit } from '../../components/form';
import { PageHeading } from '../../components/page-heading';
import { type Theme, useApp } from '../../lib/app.store';
import { isLanguage, languageNames, languages } from '../../lib/languages';
import { useT } from '../../lib/use-t';
import { PictureSection } from './components/picture-section';
import { PlanSummary } from './components/plan-summary';
import { useProfile } from './profile.store';

const timeZones = (): string[] => {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
};

/** Profile (who you are) and preferences (language, time zone, theme, notifications). */
export function ProfilePage() {
  const { t } = useT();
  const profile = useProfile((s) => s.profile);
  const update = useProfile((s) => s.update);
  const theme = useApp((s) => s.theme);
  const setTheme = useApp((s) => s.setTheme);
  const [displayName, setDisplayName] = useState(profile?.displayName ?? '');
  const [username, setUsername] = useState(profile?.username ?? '');
  const [language, setLanguage] = useState<string>(profile?.language ?? 'en-US');
  const [timezone, setTimezone] = useState(profile?.timezone ?? 'UTC');
  const [saved, setSaved] = useState<'profile' | 'preferences' | null>(null);
  const profileForm = useSubmit();
  const prefsForm = useSubmit();
  const zones = useMemo(() => timeZones().map((z) => ({ value: z, label: z.replaceAll('_', ' ') })), []);
  if (!profile) return null;

  const saveProfile = profileForm.onSubmit(async () => {
    setSaved(null);
    await update({ displayName: displayName.trim(), username: username.trim() || null });
    setSaved('profile');
  });
  const savePreferences = prefsForm.onSubmit(async () => {
    setSaved(null);
    await update({ language: isLanguage(language) ? language : undefined, timezone });
    setSaved('preferences');
  });

  return (
    <>
      <PageHeading title={t('account:profile.title')}>{t('account:profile.title')}</PageHeading>
      <section className="card" aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t('account:profile.profileSection')}</h2>
        <p className="muted">{t('account:profile.email', { email: profile.email })}</p>
        <form className="form" onSubmit={saveProfile} noValidate>
          <Alert kind="error">{profileForm.error}</Alert>
          {saved === 'profile' && <Alert kind="success">{t('account:saved')}</Alert>}
          <TextField
            label={t('account:profile.displayName')}
            name="displayName"
            autoComplete="name"
            maxLength={100}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            error={profileForm.fields.displayName}
          />
          <TextField
            label={t('account:profile.username')}
            name="username"
            autoComplete="username"
            maxLength={50}
            pattern="[A-Za-z0-9_.\-]*"
            hint={t('account:profile.usernameHint')}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={profileForm.fields.username}
          />
          <div>
            <SubmitButton pending={profileForm.pending}>{t('account:profile.saveProfile')}</SubmitButton>
          </div>
        </form>
      </section>
      <PictureSection />
      <section className="card" aria-labelledby="plan-heading">
        <h2 id="plan-heading">{t('account:plan.title')}</h2>
        <PlanSummary />
      </section>
      <section className="card" aria-labelledby="preferences-heading">
        <h2 id="preferences-heading">{t('account:profile.preferencesSection')}</h2>
        <form className="form" onSubmit={savePreferences} noValidate>
          <Alert kind="error">{prefsForm.error}</Alert>
          {saved === 'preferences' && <Alert kind="success">{t('account:saved')}</Alert>}
          <SelectField
            label={t('account:profile.language')}
            name="language"
            value={language}
            onChange={setLanguage}
            options={languages.map((l) => ({ value: l, label: languageNames[l] }))}
          />
          <SelectField
            label={t('account:profile.timezone')}
            name="timezone"
            value={timezone}
            onChange={setTimezone}
            options={zones}
            hint={t('account:profile.timezoneHint')}
          />
          <SubmitButton pending={prefsForm.pending}>{t('account:profile.savePreferences')}</SubmitButton>
        </form>
        {/* Not part of the account: applied and kept on this device at once, so outside the form. */}
        <div className="form device-preferences">
          <SelectField
            label={t('account:profile.themeHint')}
            name="theme"
            value={theme}
            onChange={(v) => setTheme(v as Theme)}
            options={(['system', 'light', 'dark'] as const).map((v) => ({
              value: v,
              label: t(`account:profile.theme.${v}`),
            }))}
            hint={t('account:profile.theme.hint')}
          />
        </div>
      </section>
      {/* Per type and channel now, with the inbox: one place for every notification setting. */}
      <section className="card" aria-labelledby="notifications-heading">
        <h2 id="notifications-heading">{t('account:notifications.title')}</h2>
        <p>{t('account:notifications.moved')}</p>
        <Link to="/notifications">{t('account:notifications.open')}</Link>
      </section>
    </>
  );
}
