import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, useSubmit } from '../../components/form';
import { PageHeading } from '../../components/page-heading';
import { useErrorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { usePagedList } from '../../lib/use-paged-list';
import { useT } from '../../lib/use-t';
import { useProfile } from '../account/profile.store';
import { ConfirmDialog } from './components/confirm-dialog';
import { DeliveryLog } from './components/delivery-log';
import { describeDisabled, describeEventType } from './components/describe';
import { webhooks } from './use-webhooks';
import type { WebhookDelivery, WebhookEndpoint } from './webhooks.api';

/** /developer/webhooks/:endpointId — one endpoint: send a test, turn it on or off, delete; its delivery log. */
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
        </section>
      )}
      <section className="card" aria-labelledby="deliveries-heading">
        <div className="developer-section-head">
          <h2 id="deliveries-heading">{t('developer:deliveries.title')}</h2>
          <button
            type="button"
            className="button button--secondary"
            disabled={log.loading}
            onClick={() => void log.reload()}
          >
            {t('developer:usage.refresh')}
          </button>
        </div>
        <Alert kind="error">{log.error}</Alert>
        <DeliveryLog list={log} busy={action.pending} onRedeliver={redeliver} />
      </section>
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
