import { useState } from 'react';
import { Alert, SubmitButton, useSubmit } from '../../../components/form';
import { type NotificationSettings, notificationChannels, notificationTypes } from '../../../lib/api';
import { useT } from '../../../lib/use-t';
import { useProfile } from '../profile.store';

/** Which events reach the user, and how: a checkbox per event and channel, labelled for each pair. */
export function NotificationsForm() {
  const { t } = useT();
  const current = useProfile((s) => s.profile?.notifications);
  const save = useProfile((s) => s.setNotifications);
  const [settings, setSettings] = useState<NotificationSettings | undefined>(current);
  const [saved, setSaved] = useState(false);
  const form = useSubmit();
  if (!settings) return null;
  const submit = form.onSubmit(async () => {
    setSaved(false);
    await save(settings);
    setSaved(true);
  });
  return (
    <section className="card" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">{t('account:notifications.title')}</h2>
      <form className="form" onSubmit={submit}>
        <Alert kind="error">{form.error}</Alert>
        {saved && <Alert kind="success">{t('account:saved')}</Alert>}
        {notificationTypes.map((type) => (
          <fieldset key={type}>
            <legend>{t(`account:notifications.types.${type}`)}</legend>
            <div className="toolbar">
              {notificationChannels.map((channel) => (
                <label key={channel} className="checkbox">
                  <input
                    type="checkbox"
                    checked={settings[type][channel]}
                    onChange={(e) =>
                      setSettings({ ...settings, [type]: { ...settings[type], [channel]: e.target.checked } })
                    }
                  />
                  {t(`account:notifications.channels.${channel}`)}
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <div>
          <SubmitButton pending={form.pending}>{t('account:notifications.save')}</SubmitButton>
        </div>
      </form>
    </section>
  );
}
