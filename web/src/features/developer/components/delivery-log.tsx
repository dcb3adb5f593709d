import { useEffect, useRef } from 'react';
import { LoadMore } from '../../../components/load-more';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useT } from '../../../lib/use-t';
import { useProfile } from '../../account/profile.store';
import type { WebhookDelivery } from '../webhooks.api';
import { describeEventType } from './describe';

/** How often the log is read again while a delivery is still being tried. */
export const PENDING_POLL_MS = 3000;

/**
 * What a delivery's badge says: a pending one whose last try failed is being retried (the dispatcher
 * waits before the next try), not being sent for the first time.
 */
export function deliveryPhase(d: WebhookDelivery): 'pending' | 'retrying' | 'delivered' | 'failed' {
  if (d.state !== 'pending') return d.state;
  const lastFailed =
    d.lastError !== null || (d.lastStatus !== null && (d.lastStatus < 200 || d.lastStatus > 299));
  return d.attempts >= 1 && lastFailed ? 'retrying' : 'pending';
}

interface DeliveryList {
  items: WebhookDelivery[] | null;
  error: string | null;
  loading: boolean;
  hasMore: boolean;
  loadMore: () => unknown;
  reload: () => Promise<unknown>;
}

/**
 * The endpoint's deliveries, newest first: event, state, tries, the last response and its latency, when;
 * each can be sent again. While one is pending the log reads itself again every few seconds.
 */
export function DeliveryLog({
  list,
  busy,
  onRedeliver,
}: {
  list: DeliveryList;
  /** A redelivery is being asked for (its buttons wait). */
  busy: boolean;
  onRedeliver: (d: WebhookDelivery) => void;
}) {
  const { t, i18n } = useT();
  const timezone = useProfile((s) => s.profile?.timezone);
  const lng = i18n.language;
  const pending = list.items?.some((d) => d.state === 'pending') ?? false;
  // The list's reload is a new function each render: the timer reads the latest.
  const reload = useRef(list.reload);
  reload.current = list.reload;
  useEffect(() => {
    if (!pending) return undefined;
    const timer = setInterval(() => void reload.current(), PENDING_POLL_MS);
    return () => clearInterval(timer);
  }, [pending]);

  const ms = (v: number) =>
    new Intl.NumberFormat(lng, { style: 'unit', unit: 'millisecond', maximumFractionDigits: 0 }).format(v);

  if (list.items === null) return list.error ? null : <p role="status">{t('common:loading')}</p>;
  if (list.items.length === 0) return <p className="muted">{t('developer:deliveries.none')}</p>;
  return (
    <>
      <div className="table-scroll developer-scroll">
        <table className="developer-deliveries">
          <caption className="visually-hidden">{t('developer:deliveries.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('developer:deliveries.event')}</th>
              <th scope="col">{t('developer:deliveries.state')}</th>
              <th scope="col">{t('developer:deliveries.attempts')}</th>
              <th scope="col">{t('developer:deliveries.response')}</th>
              <th scope="col">{t('developer:deliveries.latency')}</th>
              <th scope="col">{t('developer:deliveries.time')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('developer:deliveries.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((d) => {
              const phase = deliveryPhase(d);
              return (
                <tr key={d.id} data-state={d.state}>
                  <th scope="row">
                    <code>{d.eventType}</code>
                    <div className="muted">{describeEventType(t, d.eventType)}</div>
                  </th>
                  <td>
                    <span className={`badge developer-delivery developer-delivery--${phase}`}>
                      {t(`developer:deliveries.states.${phase}`)}
                    </span>
                    {phase === 'retrying' && (
                      <div className="muted">
                        {t('developer:deliveries.triesSoFar', { tries: formatNumber(d.attempts, lng) })}
                      </div>
                    )}
                  </td>
                  <td>{formatNumber(d.attempts, lng)}</td>
                  <td>
                    {/* The status code when there was a response (its error only repeats it), else why not. */}
                    {d.lastStatus !== null ? (
                      <code>{d.lastStatus}</code>
                    ) : d.lastError ? (
                      <code>{d.lastError}</code>
                    ) : d.attempts > 0 ? (
                      t('developer:deliveries.noResponse')
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{d.lastLatencyMs !== null ? ms(d.lastLatencyMs) : '—'}</td>
                  <td>{formatDateTime(d.updatedAt ?? d.createdAt, lng, timezone)}</td>
                  <td>
                    <button
                      type="button"
                      className="button button--secondary"
                      disabled={busy || d.state === 'pending'}
                      onClick={() => onRedeliver(d)}
                    >
                      {t('developer:deliveries.redeliver')}
                      <span className="visually-hidden">
                        {' '}
                        {t('developer:deliveries.redeliverWhich', {
                          event: d.eventType,
                          time: formatDateTime(d.createdAt, lng, timezone),
                        })}
                      </span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <LoadMore list={list} />
    </>
  );
}
