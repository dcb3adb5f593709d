import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../../lib/api';
import { useT } from '../../../lib/use-t';
import { describeNotification } from '../describe';
import { type Notification, notificationsApi } from '../notifications.api';
import { useNotifications } from '../notifications.store';
import { NotificationToasts } from './notification-toasts';
import '../notifications.css';

const inbox = notificationsApi(api);

/**
 * The header's bell: opens the tab's live stream, shows the unread count (announced politely when it
 * changes), and drops down the latest items. Mounted once, in the signed-in frame.
 */
export function NotificationBell() {
  const { t } = useT();
  const unread = useNotifications((s) => s.unread);
  const changes = useNotifications((s) => s.changes);
  const connect = useNotifications((s) => s.connect);
  const refreshUnread = useNotifications((s) => s.refreshUnread);
  const markRead = useNotifications((s) => s.markRead);
  const markAllRead = useNotifications((s) => s.markAllRead);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Notification[] | null>(null);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => connect(), [connect]);
  useEffect(() => {
    void refreshUnread();
  }, [refreshUnread]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read the latest again on each change while open
  useEffect(() => {
    if (!open) return;
    let live = true;
    inbox.list({ limit: 5 }).then(
      (p) => live && setItems(p.items),
      () => live && setItems([]),
    );
    return () => {
      live = false;
    };
  }, [open, changes]);

  const close = useCallback((focusBell: boolean) => {
    setOpen(false);
    if (focusBell) button.current?.focus();
  }, []);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) close(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open, close]);

  const count = unread ?? 0;
  const label = count > 0 ? t('notifications:bell.labelUnread', { count }) : t('notifications:bell.label');
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere in the drop-down closes it
    <div
      className="bell"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close(true);
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className="button button--secondary bell-button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {count > 0 && (
          <span className="bell-count" aria-hidden="true" data-testid="bell-count">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      <span className="visually-hidden" aria-live="polite" aria-atomic="true">
        {unread === null ? '' : label}
      </span>
      <div id={panelId} className="bell-panel card" hidden={!open}>
        <h2 className="bell-title">{t('notifications:bell.recent')}</h2>
        {open &&
          (items === null ? (
            <p role="status">{t('common:loading')}</p>
          ) : items.length === 0 ? (
            <p className="muted">{t('notifications:bell.empty')}</p>
          ) : (
            <ul className="list bell-list">
              {items.map((n) => {
                const { text, href } = describeNotification(t, n);
                const read = () => {
                  if (!n.readAt) void markRead(n.id).catch(() => undefined);
                  close(false);
                };
                return (
                  <li key={n.id} data-unread={!n.readAt}>
                    {href ? (
                      <Link to={href} onClick={read}>
                        {text}
                      </Link>
                    ) : (
                      <span>{text}</span>
                    )}
                    <time className="muted" dateTime={n.createdAt}>
                      {new Date(n.createdAt).toLocaleString()}
                    </time>
                  </li>
                );
              })}
            </ul>
          ))}
        <div className="toolbar">
          {count > 0 && (
            <button
              type="button"
              className="button button--secondary"
              onClick={() => void markAllRead().catch(() => undefined)}
            >
              {t('notifications:list.markAllRead')}
            </button>
          )}
          <Link to="/notifications" onClick={() => close(false)}>
            {t('notifications:bell.seeAll')}
          </Link>
        </div>
      </div>
      <NotificationToasts />
    </div>
  );
}
