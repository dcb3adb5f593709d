import { notificationTypes } from '@atelier/shared/notifications/types';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../components/form';
import { LoadMore } from '../../components/load-more';
import { PageHeading } from '../../components/page-heading';
import { api } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { usePagedList } from '../../lib/use-paged-list';
import { useT } from '../../lib/use-t';
import { describeNotification, typeKeys } from './describe';
import { type Channel, type Notification, notificationsApi, type Settings } from './notifications.api';
import { useNotifications } from './notifications.store';

const inbox = notificationsApi(api);

/** /notifications: the inbox (newest first, cursor paging, mark read) and the per-type settings. */
export function NotificationsPage() {
  const { t } = useT();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const changes = useNotifications((s) => s.changes);
  const status = useNotifications((s) => s.status);
  const unread = useNotifications((s) => s.unread);
  const markRead = useNotifications((s) => s.markRead);
  const markAllRead = useNotifications((s) => s.markAllRead);
  const message = useErrorMessage();
  const [failure, setFailure] = useState<unknown>(null);
  const list = usePagedList<Notification>(`${unreadOnly}:${changes}`, (cursor) =>
    inbox.list({ cursor, unread: unreadOnly }),
  );

  const act = (fn: () => Promise<void>) => {
    setFailure(null);
    fn().catch((e: unknown) => setFailure(e));
  };

  return (
    <>
      <PageHeading title={t('notifications:title')}>{t('notifications:title')}</PageHeading>
      <p className="muted" role="status">
        {status === 'open'
          ? t('notifications:stream.open')
          : status === 'down'
            ? t('notifications:stream.down')
            : t('notifications:stream.connecting')}
      </p>
      <section className="card" aria-labelledby="inbox-heading">
        <h2 id="inbox-heading">{t('notifications:list.label')}</h2>
        <div className="toolbar">
          <label className="checkbox">
            <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} />
            {t('notifications:list.unreadOnly')}
          </label>
          <button
            type="button"
            className="button button--secondary"
            disabled={!unread}
            onClick={() => act(markAllRead)}
          >
            {t('notifications:list.markAllRead')}
          </button>
        </div>
        {failure !== null && <Alert kind="error">{message(failure)}</Alert>}
        {list.error && <Alert kind="error">{list.error}</Alert>}
        {list.items === null ? (
          <p role="status">{t('common:loading')}</p>
        ) : list.items.length === 0 ? (
          <p className="muted">
            {unread === 0 && unreadOnly ? t('notifications:list.allRead') : t('notifications:list.empty')}
          </p>
        ) : (
          <ul className="list inbox-list">
            {list.items.map((n) => {
              const { text, href } = describeNotification(t, n);
              return (
                <li key={n.id} data-unread={!n.readAt}>
                  <div>
                    {!n.readAt && <span className="badge">{t('notifications:list.unread')}</span>}{' '}
                    {href ? (
                      <Link to={href} onClick={() => !n.readAt && act(() => markRead(n.id))}>
                        {text}
                      </Link>
                    ) : (
                      text
                    )}
                    <div>
                      <time className="muted" dateTime={n.createdAt}>
                        {new Date(n.createdAt).toLocaleString()}
                      </time>
                    </div>
                  </div>
                  {!n.readAt && (
                    <button
                      type="button"
                      className="button button--secondary"
                      onClick={() => act(() => markRead(n.id))}
                    >
                      {t('notifications:list.markRead')}
                      <span className="visually-hidden">: {text}</span>
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        <LoadMore list={list} />
      </section>
      <NotificationSettings />
    </>
  );
}

const channels: Channel[] = ['push', 'email'];

/** Per type and channel switches; each change is saved at once. */
function NotificationSettings() {
  const { t } = useT();
  const message = useErrorMessage();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const load = useCallback(async () => {
    try {
      setSettings((await inbox.settings()).settings);
    } catch (e) {
      setFailure(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function toggle(type: keyof Settings, channel: Channel, value: boolean) {
    setFailure(null);
    setSaved(false);
    // Shown at once; put back if the save fails.
    setSettings((s) => (s ? { ...s, [type]: { ...s[type], [channel]: value } } : s));
    try {
      setSettings((await inbox.saveSettings({ [type]: { [channel]: value } })).settings);
      setSaved(true);
    } catch (e) {
      setFailure(e);
      await load();
    }
  }

  return (
    <section className="card" aria-labelledby="notify-settings-heading">
      <h2 id="notify-settings-heading">{t('notifications:settings.title')}</h2>
      <p className="muted">{t('notifications:settings.intro')}</p>
      {failure !== null && <Alert kind="error">{message(failure)}</Alert>}
      {saved && <Alert kind="success">{t('notifications:settings.saved')}</Alert>}
      {!settings ? (
        failure === null && <p role="status">{t('common:loading')}</p>
      ) : (
        <div className="table-scroll">
          <table className="notify-settings">
            <thead>
              <tr>
                <th scope="col">{t('notifications:settings.type')}</th>
                {channels.map((c) => (
                  <th key={c} scope="col">
                    {t(`notifications:settings.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {notificationTypes.map((type) => {
                const name = t(`notifications:typeNames.${typeKeys[type]}`);
                return (
                  <tr key={type}>
                    <th scope="row">{name}</th>
                    {channels.map((c) => (
                      <td key={c}>
                        <input
                          type="checkbox"
                          role="switch"
                          checked={settings[type][c]}
                          aria-checked={settings[type][c]}
                          aria-label={t('notifications:settings.switchLabel', {
                            type: name,
                            channel: t(`notifications:settings.${c}`),
                          })}
                          onChange={(e) => void toggle(type, c, e.target.checked)}
                        />
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
