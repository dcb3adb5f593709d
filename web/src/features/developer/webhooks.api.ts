import type { ApiClient, Page } from '../../lib/api';
import { enc, query } from '../../lib/query';

/** An endpoint as functions/webhooks shows it (its signing secret only once, at creation). */
export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  disabledAt: string | null;
  /** Why it was turned off: by its owner, or after a long failure streak. */
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
  eventId: string;
  eventType: string;
  state: DeliveryState;
  attempts: number;
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

const base = '/v1/developer/webhooks';

/** functions/webhooks (docs/webhooks.md): endpoints, test pings, the delivery log, redelivery. */
export const webhooksApi = (api: ApiClient) => ({
  list: () => api.get<Page<WebhookEndpoint>>(`${base}${query({ limit: 100 })}`),
  get: (id: string) => api.get<{ endpoint: WebhookEndpoint }>(`${base}/${enc(id)}`),
  eventTypes: () => api.get<{ items: WebhookEventType[] }>(`${base}/event-types`),
  create: (body: NewWebhookEndpoint) => api.post<{ endpoint: WebhookEndpoint; secret: string }>(base, body),
  setEnabled: (id: string, enabled: boolean) =>
    api.patch<{ endpoint: WebhookEndpoint }>(`${base}/${enc(id)}`, { enabled }),
  remove: (id: string) => api.delete<unknown>(`${base}/${enc(id)}`),
  test: (id: string) => api.post<{ delivery: WebhookDelivery }>(`${base}/${enc(id)}/test`),
  deliveries: (id: string, cursor?: string) =>
    api.get<Page<WebhookDelivery>>(`${base}/${enc(id)}/deliveries${query({ cursor, limit: 20 })}`),
  redeliver: (id: string, deliveryId: string) =>
    api.post<{ delivery: WebhookDelivery }>(`${base}/${enc(id)}/deliveries/${enc(deliveryId)}/redeliver`),
});
export type WebhooksApi = ReturnType<typeof webhooksApi>;
