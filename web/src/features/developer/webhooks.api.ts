import type { ApiClient, Page } from '../../lib/api';
import { enc, query } from '../../lib/query';

/** An endpoint as functions/webhooks shows it (never its signing secret: that has its own route). */
export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  disabledAt: string | null;
  /** Why it is off: `manual` (its owner) or `failure_streak` (the platform); null while enabled. */
  disabledReason: string | null;
  failureStreak: number;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookEventType {
  type: string;
  description: string;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** One message to one endpoint and where its tries stand. */
export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventType: string;
  state: DeliveryState;
  /** Tries in the current round (a redelivery starts a new round). */
  attempts: number;
  round: number;
  lastStatus: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

export interface NewWebhookEndpoint {
  url: string;
  eventTypes: string[];
  description?: string;
}

/** What an edit may change (only the fields sent change). */
export type WebhookEndpointChanges = Partial<NewWebhookEndpoint>;

const base = '/v1/developer/webhooks';

/** functions/webhooks (docs/webhooks.md): endpoints, test pings, the delivery log, redelivery. */
export const webhooksApi = (api: ApiClient) => ({
  /** Every endpoint of the account (`limit`: how many it may have). */
  list: () => api.get<{ items: WebhookEndpoint[]; limit: number }>(base),
  get: (id: string) => api.get<WebhookEndpoint>(`${base}/${enc(id)}`),
  eventTypes: () => api.get<{ items: WebhookEventType[] }>(`${base}/event-types`),
  create: (body: NewWebhookEndpoint) => api.post<{ endpoint: WebhookEndpoint; secret: string }>(base, body),
  setEnabled: (id: string, enabled: boolean) => api.patch<WebhookEndpoint>(`${base}/${enc(id)}`, { enabled }),
  update: (id: string, changes: WebhookEndpointChanges) =>
    api.patch<WebhookEndpoint>(`${base}/${enc(id)}`, changes),
  /** The endpoint's current signing secret (it can be read again at any time by its owner). */
  secret: (id: string) => api.get<{ secret: string }>(`${base}/${enc(id)}/secret`),
  /** A new signing secret, in use at once; the old one signs nothing from then on. */
  rotateSecret: (id: string) => api.post<{ secret: string }>(`${base}/${enc(id)}/secret/rotate`),
  remove: (id: string) => api.delete<unknown>(`${base}/${enc(id)}`),
  test: (id: string) => api.post<{ delivery: WebhookDelivery }>(`${base}/${enc(id)}/test`),
  deliveries: (id: string, cursor?: string) =>
    api.get<Page<WebhookDelivery>>(`${base}/${enc(id)}/deliveries${query({ cursor, limit: 20 })}`),
  redeliver: (id: string, deliveryId: string) =>
    api.post<{ delivery: WebhookDelivery }>(`${base}/${enc(id)}/deliveries/${enc(deliveryId)}/redeliver`),
});
export type WebhooksApi = ReturnType<typeof webhooksApi>;
