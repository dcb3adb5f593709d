import { useCallback, useEffect, useState } from 'react';
import { Dialog } from '../../../components/dialog';
import { Alert, useSubmit } from '../../../components/form';
import { api, type Session } from '../../../lib/api';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { useT } from '../../../lib/use-t';
import { authApi } from '../../auth/auth.api';
import { useSignOut } from '../../auth/use-sign-out';
import { useProfile } from '../profile.store';
import { describeDevice, shortUserAgent } from './describe-device';

const auth = authApi(api);

/** Devices signed in to the account: revoke any, or sign out everywhere. */
export function SessionsSection() {
  const { t, i18n } = useT();
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);
  const timezone = useProfile((s) => s.profile?.timezone);
  const signOut = useSignOut();
  const action = useSubmit();
  const reload = useCallback(() => auth.sessions().then((r) => setSessions(r.items)), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once
  useEffect(() => {
    void action.run(reload);
  }, []);

  const revoke = (s: Session) =>
    void action.run(async () => {
      if (s.current) return signOut();
      await auth.revokeSession(s.id);
      await reload();
    });

  const label = (s: Session) => {
    const { browser, os } = describeDevice(s.userAgent);
    if (browser && os) return t('account:sessions.browserOn', { browser, os });
    if (browser) return browser;
    // Not a browser (curl, an SDK…): its own name says more than "Unknown device".
    return shortUserAgent(s.userAgent) || t('account:sessions.unknownDevice');
  };

  return (
    <section className="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">{t('account:sessions.title')}</h2>
      <Alert kind="error">{action.error}</Alert>
      {sessions === null ? (
        <p role="status">{t('common:loading')}</p>
      ) : (
        <ul className="list">
          {sessions.map((s) => (
            <li key={s.id}>
              <div>
                <strong>{label(s)}</strong>{' '}
                {s.current && <span className="badge">{t('account:sessions.thisDevice')}</span>}
                <div className="muted">
                  {t('account:sessions.details', {
                    ip: s.ip || '—',
                    lastUsed: formatRelative(s.lastUsedAt, i18n.language),
                    created: formatDateTime(s.createdAt, i18n.language, timezone),
                  })}
                </div>
              </div>
              <button
                type="button"
                className="button button--secondary"
                disabled={action.pending}
                onClick={() => revoke(s)}
              >
                {s.current ? (
                  t('account:sessions.signOutHere')
                ) : (
                  <>
                    {t('account:sessions.revoke')}
                    <span className="visually-hidden"> {label(s)}</span>
                  </>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p>
        <button type="button" className="button button--danger" onClick={() => setConfirmAll(true)}>
          {t('account:sessions.signOutEverywhere')}
        </button>
      </p>
      <Dialog
        open={confirmAll}
        onClose={() => setConfirmAll(false)}
        title={t('account:sessions.signOutEverywhere')}
      >
        <p>{t('account:sessions.signOutEverywhereConfirm')}</p>
        <div className="dialog-actions">
          <button type="button" className="button button--secondary" onClick={() => setConfirmAll(false)}>
            {t('common:actions.cancel')}
          </button>
          <button type="button" className="button button--danger" onClick={() => void signOut(true)}>
            {t('account:sessions.signOutEverywhere')}
          </button>
        </div>
      </Dialog>
    </section>
  );
}
