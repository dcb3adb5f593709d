import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, useSubmit } from '../../components/form';
import { PageHeading } from '../../components/page-heading';
import { useErrorMessage } from '../../lib/errors';
import { formatDateTime, formatNumber } from '../../lib/format';
import { usePagedList } from '../../lib/use-paged-list';
import { useT } from '../../lib/use-t';
import { useProfile } from '../account/profile.store';
import { AddWebhookDialog } from './components/add-webhook-dialog';
import { ConfirmDialog } from './components/confirm-dialog';
import { DeliveryLog } from './components/delivery-log';
import { describeDisabled, describeEventType } from './components/describe';
import { SecretDialog } from './components/secret-dialog';
import { webhooks } from './use-webhooks';
import type { WebhookDelivery, WebhookEndpoint } from './webhooks.api';

/**
 * /developer/webhooks/:endpointId — one endpoint: send a test, edit it, turn it on or off, show or rotate
 * its signing secret, delete it; its delivery log.
 */
export function WebhookEndpointPage() {
  const { t, i18n } = useT();
  const message = useErrorMessage();
  const navigate = useNavigate();
  const timezone = useProfile((s) => s.profile?.timezone);
  const { endpointId = '' } = useParams();
  const [endpoint, setEndpoint] = useState<WebhookEndpoint | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [editing, setEditing] = useState(false);
  const [rotating, setRotating] = useState(false);
  // The secret lives here only while its dialog is open; `rotated` picks the dialog's words.
  const [secret, setSecret] = useState<{ value: string; rotated: boolean } | null>(null);
  const action = useSubmit();
  const fetchPage = useCallback((cursor?: string) => webhooks.deliveries(endpointId, cursor), [endpointId]);
  const log = usePagedList<WebhookDelivery>(endpointId, fetchPage);

  useEffect(() => {
    setEndpoint(null);
    setLoadError(null);
    webhooks.get(endpointId).then(
      (e) => setEndpoint(e),
      (err) => setLoadError(err ?? new Error('failed')),
    );
  }, [endpointId]);

  const run = (fn: () => Promise<string>) => {
    setNotice(null);
    void action.run(async () => setNotice(await fn()));
  };
  const sendTest = () =>
    run(async () => {
      await webhooks.test(endpointId);
      await log.reload();
      return t('developer:endpoint.testSent');
    });
  const toggle = (on: boolean) =>
    run(async () => {
      setEndpoint(await webhooks.setEnabled(endpointId, on));
      return on ? t('developer:endpoint.enabledNow') : t('developer:endpoint.disabledNow');
    });
  const showSecret = () => {
    setNotice(null);
    void action.run(async () =>
      setSecret({ value: (await webhooks.secret(endpointId)).secret, rotated: false }),
    );
  };
  const redeliver = (d: WebhookDelivery) =>
    run(async () => {
      await webhooks.redeliver(endpointId, d.id);
      await log.reload();
      return t('developer:deliveries.redelivering', { event: d.eventType });
    });

  const title = t('developer:endpoint.title');
  const lng = i18n.language;
  return (
    <>
      <p>
        <Link to="/developer">{t('developer:endpoint.back')}</Link>
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      <div role="status">{notice && <p className="alert alert--success">{notice}</p>}</div>
      <Alert kind="error">{action.error}</Alert>
      <Alert kind="error">{loadError ? message(loadError) : null}</Alert>
      {endpoint === null ? (
        !loadError && <p role="status">{t('common:loading')}</p>
      ) : (
        <section className="card" aria-labelledby="endpoint-heading">
          <h2 id="endpoint-heading" className="secret">
            {endpoint.url}
          </h2>
          {endpoint.description && <p>{endpoint.description}</p>}
          <dl className="developer-figures">
            <div>
              <dt>{t('developer:endpoint.state')}</dt>
              <dd>
                <span
                  className={`badge developer-state developer-state--${endpoint.enabled ? 'active' : 'revoked'}`}
                >
                  {endpoint.enabled ? t('developer:webhooks.enabled') : t('developer:webhooks.disabled')}
                </span>
                {!endpoint.enabled && <div className="muted">{describeDisabled(t, endpoint)}</div>}
              </dd>
            </div>
            {endpoint.failureStreak > 0 && (
              <div>
                <dt>{t('developer:endpoint.failureStreak')}</dt>
                <dd data-testid="failure-streak">
                  <span className="badge developer-delivery--failed">
                    {formatNumber(endpoint.failureStreak, lng)}
                  </span>
                  <div className="muted">{t('developer:endpoint.failureStreakHint')}</div>
                </dd>
              </div>
            )}
            <div>
              <dt>{t('developer:endpoint.created')}</dt>
              <dd>{formatDateTime(endpoint.createdAt, lng, timezone)}</dd>
            </div>
          </dl>
          <h3>{t('developer:webhooks.events')}</h3>
          <ul className="list">
            {endpoint.eventTypes.map((type) => (
              <li key={type}>
                <code>{type}</code>
                <span className="muted">{describeEventType(t, type)}</span>
              </li>
            ))}
          </ul>
          <div className="toolbar developer-actions">
            <button type="button" className="button" disabled={action.pending} onClick={sendTest}>
              {t('developer:endpoint.sendTest')}
            </button>
            <button
              type="button"
              className="button button--secondary"
              disabled={action.pending}
              onClick={() => setEditing(true)}
            >
              {t('developer:endpoint.edit')}
            </button>
            <button
              type="button"
              className="button button--secondary"
              disabled={action.pending}
              onClick={() => toggle(!endpoint.enabled)}
            >
              {endpoint.enabled ? t('developer:endpoint.disable') : t('developer:endpoint.enable')}
            </button>
            <button
              type="button"
              className="button button--danger"
              disabled={action.pending}
              onClick={() => setDeleting(true)}
            >
              {t('developer:endpoint.delete')}
            </button>
          </div>
          <h3>{t('developer:endpoint.secretTitle')}</h3>
          <p className="muted">{t('developer:endpoint.secretHint')}</p>
          <div className="toolbar">
            <button
              type="button"
              className="button button--secondary"
              disabled={action.pending}
              onClick={showSecret}
            >
              {t('developer:endpoint.showSecret')}
            </button>
            <button
              type="button"
              className="button button--secondary"
              disabled={action.pending}
              onClick={() => setRotating(true)}
            >
              {t('developer:endpoint.rotateSecret')}
            </button>
          </div>
        </section>
      )}
      <section className="card" aria-labelledby="deliveries-heading">
        <div className="developer-section-head">
          <h2 id="deliveries-heading">{t('developer:deliveries.title')}</h2>
          <button
            type="button"
            className="button button--secondary"
            disabled={log.loading}
            onClick={() => {
              void log.reload();
              // The endpoint too: its failure streak and state move with the deliveries.
              webhooks.get(endpointId).then(setEndpoint, () => undefined);
            }}
          >
            {t('developer:usage.refresh')}
          </button>
        </div>
        <Alert kind="error">{log.error}</Alert>
        <DeliveryLog list={log} busy={action.pending} onRedeliver={redeliver} />
      </section>
      {editing && endpoint && (
        <AddWebhookDialog
          endpoint={endpoint}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            setEndpoint(saved);
            setNotice(t('developer:endpoint.saved'));
          }}
        />
      )}
      {rotating && (
        <ConfirmDialog
          title={t('developer:endpoint.rotateTitle')}
          body={t('developer:endpoint.rotateBody')}
          confirm={t('developer:endpoint.rotateConfirm')}
          onConfirm={async () => {
            const { secret: value } = await webhooks.rotateSecret(endpointId);
            setSecret({ value, rotated: true });
          }}
          onClose={() => setRotating(false)}
        />
      )}
      {secret && (
        <SecretDialog
          title={t('developer:secret.webhookTitle')}
          body={
            secret.rotated ? t('developer:secret.webhookRotatedBody') : t('developer:secret.webhookShownBody')
          }
          label={t('developer:secret.webhookLabel')}
          secret={secret.value}
          onClose={() => setSecret(null)}
        />
      )}
      {deleting && endpoint && (
        <ConfirmDialog
          title={t('developer:endpoint.deleteTitle')}
          body={t('developer:endpoint.deleteBody', { url: endpoint.url })}
          confirm={t('developer:endpoint.delete')}
          onConfirm={async () => {
            await webhooks.remove(endpointId);
            navigate('/developer', { replace: true });
          }}
          onClose={() => setDeleting(false)}
        />
      )}
    </>
  );
}
