import { useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/form';
import { useErrorMessage } from '../../../lib/errors';
import { useT } from '../../../lib/use-t';
import { useEndpoints } from '../use-webhooks';
import type { WebhookEndpoint } from '../webhooks.api';
import { AddWebhookDialog } from './add-webhook-dialog';
import { describeDisabled } from './describe';
import { SecretDialog } from './secret-dialog';

export const endpointPath = (id: string) => `/developer/webhooks/${encodeURIComponent(id)}`;

/** Endpoints that receive events: their address, events and state; add one (its secret shown once). */
export function WebhooksSection() {
  const { t } = useT();
  const message = useErrorMessage();
  const { items, limit, error, reload } = useEndpoints();
  const full = items !== null && limit !== null && items.length >= limit;
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<{ endpoint: WebhookEndpoint; secret: string } | null>(null);

  return (
    <section className="card" aria-labelledby="webhooks-heading">
      <div className="developer-section-head">
        <h2 id="webhooks-heading">{t('developer:webhooks.title')}</h2>
        <button
          type="button"
          className="button"
          disabled={full}
          aria-describedby={full ? 'webhooks-full' : undefined}
          onClick={() => setAdding(true)}
        >
          {t('developer:webhooks.add')}
        </button>
      </div>
      <p className="muted">{t('developer:webhooks.intro')}</p>
      {full && (
        <p id="webhooks-full" className="alert alert--info">
          {t('developer:webhooks.full', { limit })}
        </p>
      )}
      <Alert kind="error">{error ? message(error) : null}</Alert>
      {items === null ? (
        !error && <p role="status">{t('common:loading')}</p>
      ) : items.length === 0 ? (
        <p className="muted">{t('developer:webhooks.none')}</p>
      ) : (
        <ul className="list" aria-labelledby="webhooks-heading">
          {items.map((e) => (
            <li key={e.id}>
              <div className="developer-item">
                <div>
                  <Link to={endpointPath(e.id)} className="secret">
                    {e.url}
                  </Link>{' '}
                  <span
                    className={`badge developer-state developer-state--${e.enabled ? 'active' : 'revoked'}`}
                  >
                    {e.enabled ? t('developer:webhooks.enabled') : t('developer:webhooks.disabled')}
                  </span>
                </div>
                {e.description && <div>{e.description}</div>}
                {!e.enabled && <div className="muted">{describeDisabled(t, e)}</div>}
                <ul className="tags" aria-label={t('developer:webhooks.events')}>
                  {e.eventTypes.map((type) => (
                    <li key={type} className="badge">
                      {type}
                    </li>
                  ))}
                </ul>
              </div>
            </li>
          ))}
        </ul>
      )}
      {adding && (
        <AddWebhookDialog
          onClose={() => setAdding(false)}
          onCreated={(c) => {
            setAdding(false);
            setCreated(c);
            void reload();
          }}
        />
      )}
      {created && (
        <SecretDialog
          title={t('developer:secret.webhookTitle')}
          body={t('developer:secret.webhookBody')}
          label={t('developer:secret.webhookLabel')}
          secret={created.secret}
          onClose={() => setCreated(null)}
        />
      )}
    </section>
  );
}
