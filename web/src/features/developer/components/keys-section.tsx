import { useState } from 'react';
import { Alert } from '../../../components/form';
import { useErrorMessage } from '../../../lib/errors';
import { formatDate, formatDateTime, formatRelative } from '../../../lib/format';
import { useT } from '../../../lib/use-t';
import { useProfile } from '../../account/profile.store';
import { type ApiKey, orderScopes } from '../developer.api';
import { useDeveloper } from '../developer.store';
import { ConfirmDialog } from './confirm-dialog';
import { CreateKeyDialog } from './create-key-dialog';
import { SecretDialog } from './secret-dialog';

/** The account's API keys: what each may do and when it was last used; create (shown once) and revoke. */
export function KeysSection() {
  const { t, i18n } = useT();
  const message = useErrorMessage();
  const timezone = useProfile((s) => s.profile?.timezone);
  const keys = useDeveloper((s) => s.keys);
  const error = useDeveloper((s) => s.keysError);
  const revokeKey = useDeveloper((s) => s.revokeKey);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ key: ApiKey; secret: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const lng = i18n.language;

  const details = (k: ApiKey) => {
    const lines = [t('developer:keys.created', { date: formatDateTime(k.createdAt, lng, timezone) })];
    lines.push(
      k.lastUsedAt
        ? k.lastUsedIp
          ? t('developer:keys.lastUsed', { when: formatRelative(k.lastUsedAt, lng), ip: k.lastUsedIp })
          : t('developer:keys.lastUsedNoIp', { when: formatRelative(k.lastUsedAt, lng) })
        : t('developer:keys.neverUsed'),
    );
    if (k.state === 'revoked' && k.revokedAt)
      lines.push(t('developer:keys.revokedOn', { date: formatDate(k.revokedAt, lng, timezone) }));
    else if (k.expiresAt)
      lines.push(
        t(k.state === 'expired' ? 'developer:keys.expiredOn' : 'developer:keys.expiresOn', {
          date: formatDate(k.expiresAt, lng, timezone),
        }),
      );
    else lines.push(t('developer:keys.noExpiry'));
    return lines;
  };

  return (
    <section className="card" aria-labelledby="keys-heading">
      <div className="developer-section-head">
        <h2 id="keys-heading">{t('developer:keys.title')}</h2>
        <button
          type="button"
          className="button"
          onClick={() => {
            setNotice(null);
            setCreating(true);
          }}
        >
          {t('developer:keys.create')}
        </button>
      </div>
      <div role="status">{notice && <p className="alert alert--success">{notice}</p>}</div>
      <Alert kind="error">{error ? message(error) : null}</Alert>
      {keys === null ? (
        !error && <p role="status">{t('common:loading')}</p>
      ) : keys.length === 0 ? (
        <p className="muted">{t('developer:keys.none')}</p>
      ) : (
        <ul className="list developer-keys" aria-labelledby="keys-heading">
          {keys.map((k) => (
            <li key={k.id} data-state={k.state}>
              <div className="developer-item">
                <div>
                  <strong>{k.name}</strong>{' '}
                  <span className={`badge developer-state developer-state--${k.state}`}>
                    {t(`developer:keys.states.${k.state}`)}
                  </span>
                </div>
                <code className="secret">{k.prefix}…</code>
                <ul className="tags" aria-label={t('developer:keys.scopes')}>
                  {orderScopes(k.scopes).map((s) => (
                    <li key={s} className="badge">
                      {s}
                    </li>
                  ))}
                </ul>
                <div className="muted">{t(`developer:keys.billings.${k.billing}`)}</div>
                {details(k).map((line) => (
                  <div key={line} className="muted">
                    {line}
                  </div>
                ))}
              </div>
              {k.state === 'active' && (
                <button type="button" className="button button--secondary" onClick={() => setRevoking(k)}>
                  {t('developer:keys.revoke')}
                  <span className="visually-hidden"> {k.name}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {creating && (
        <CreateKeyDialog
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            setCreated(c);
          }}
        />
      )}
      {created && (
        <SecretDialog
          title={t('developer:secret.keyTitle', { name: created.key.name })}
          body={t('developer:secret.keyBody')}
          label={t('developer:secret.keyLabel')}
          secret={created.secret}
          onClose={() => setCreated(null)}
        />
      )}
      {revoking && (
        <ConfirmDialog
          title={t('developer:keys.revokeTitle', { name: revoking.name })}
          body={t('developer:keys.revokeBody')}
          confirm={t('developer:keys.revokeConfirm')}
          onConfirm={async () => {
            await revokeKey(revoking.id);
            setNotice(t('developer:keys.revoked', { name: revoking.name }));
          }}
          onClose={() => setRevoking(null)}
        />
      )}
    </section>
  );
}
