import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useT } from '../../../lib/use-t';
import { describeNotification } from '../describe';
import { type Toast, useNotifications } from '../notifications.store';

export const TOAST_MS = 10_000;

function ToastItem({ toast }: { toast: Toast }) {
  const { t } = useT();
  const dismiss = useNotifications((s) => s.dismissToast);
  const markRead = useNotifications((s) => s.markRead);
  // Paused while pointed at or focused, so nobody loses a toast they are reading (2.2.1).
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (held) return;
    const timer = setTimeout(() => dismiss(toast.key), TOAST_MS);
    return () => clearTimeout(timer);
  }, [held, dismiss, toast.key]);
  const { text, href } = describeNotification(t, toast.notification);
  return (
    <li
      className="toast"
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <p>{text}</p>
      <div className="toolbar">
        {href && (
          <Link
            to={href}
            onClick={() => {
              void markRead(toast.notification.id).catch(() => undefined);
              dismiss(toast.key);
            }}
          >
            {t('notifications:toast.open')}
          </Link>
        )}
        <button type="button" className="button button--secondary" onClick={() => dismiss(toast.key)}>
          {t('notifications:toast.dismiss')}
        </button>
      </div>
    </li>
  );
}

/** Live notifications, announced politely and never taking focus; each can be dismissed. */
export function NotificationToasts() {
  const { t } = useT();
  const toasts = useNotifications((s) => s.toasts);
  return (
    <section className="toasts" aria-label={t('notifications:toast.region')}>
      <ul aria-live="polite" aria-relevant="additions">
        {toasts.map((toast) => (
          <ToastItem key={toast.key} toast={toast} />
        ))}
      </ul>
    </section>
  );
}
