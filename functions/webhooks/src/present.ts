import type { webhookAttempts, webhookDeliveries, webhookEndpoints } from '@atelier/shared/db/schema';

type Endpoint = typeof webhookEndpoints.$inferSelect;
type Delivery = typeof webhookDeliveries.$inferSelect;
type Attempt = typeof webhookAttempts.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** An endpoint as the API shows it (never its secret: that has routes of its own). */
export const endpointView = (e: Endpoint) => ({
  id: e.id,
  url: e.url,
  description: e.description,
  eventTypes: e.eventTypes,
  enabled: e.enabled,
  disabledAt: iso(e.disabledAt),
  /** `failure_streak` (disabled by the platform) or `manual`; null while enabled. */
  disabledReason: e.disabledReason,
  failureStreak: e.failureStreak,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});
export type EndpointView = ReturnType<typeof endpointView>;

/** One line of the delivery log. */
export const deliveryView = (d: Delivery) => ({
  id: d.id,
  endpointId: d.endpointId,
  eventType: d.eventType,
  state: d.state,
  attempts: d.attempts,
  round: d.round,
  lastStatus: d.lastStatus,
  lastLatencyMs: d.lastLatencyMs,
  lastError: d.lastError,
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
  deliveredAt: iso(d.deliveredAt),
});

export const attemptView = (a: Attempt) => ({
  id: a.id,
  round: a.round,
  attempt: a.attempt,
  trigger: a.trigger,
  status: a.status,
  latencyMs: a.latencyMs,
  error: a.error,
  createdAt: a.createdAt.toISOString(),
});

/** A delivery with the body it sends, and every try so far (oldest first). */
export const deliveryDetail = (d: Delivery, attempts: Attempt[]) => ({
  delivery: { ...deliveryView(d), payload: d.payload },
  attempts: attempts.map(attemptView),
});
