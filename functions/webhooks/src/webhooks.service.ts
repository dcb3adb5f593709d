import { randomUUID } from 'node:crypto';
import type { AuthClaims } from '@atelier/shared/auth/tokens';
import type { DbOrTx, Tx } from '@atelier/shared/db';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '@atelier/shared/db/schema';
import { AppError, LimitReachedError, NotFoundError } from '@atelier/shared/errors';
import { developer } from '@atelier/shared/events/catalog';
import { decodeCursor, newestFirst, page } from '@atelier/shared/http/pagination';
import { TEST_EVENT_TYPE, testPayload } from '@atelier/shared/webhooks/event-types';
import { generateSecret } from '@atelier/shared/webhooks/signing';
import { checkTarget, TargetRefused } from '@atelier/shared/webhooks/ssrf';
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { WebhooksDeps } from './deps';
import { deliveryDetail, deliveryView, endpointView } from './present';
import type { CreateBody, PatchBody } from './schemas';

/** The SSRF rules, as the API answers them: 422 `webhook_url_refused` with the reason. */
async function checkUrl(deps: WebhooksDeps, url: string): Promise<string> {
  try {
    return (await checkTarget(url, deps.policy)).url.href;
  } catch (err) {
    if (err instanceof TargetRefused) {
      throw new AppError('webhook_url_refused', 422, err.message, {
        reason: err.reason,
        ...(err.range ? { range: err.range } : {}),
      });
    }
    throw err;
  }
}

/** The caller's endpoint, or 404 (someone else's is as unknown as a missing one). */
async function ownEndpoint(db: DbOrTx, auth: AuthClaims, id: string, lock = false) {
  const query = db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.userId, auth.userId)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new NotFoundError('Webhook endpoint');
  return row;
}

async function ownDelivery(db: DbOrTx, auth: AuthClaims, id: string, deliveryId: string, lock = false) {
  const endpoint = await ownEndpoint(db, auth, id);
  const query = db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpoint.id)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new NotFoundError('Webhook delivery');
  return { endpoint, delivery: row };
}

export async function listEndpoints(deps: WebhooksDeps, auth: AuthClaims) {
  const rows = await deps.db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.userId, auth.userId))
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));
  return { items: rows.map(endpointView), limit: deps.maxEndpoints };
}

/** A new endpoint and its signing secret, shown now (and on request: GET …/secret). */
export async function createEndpoint(deps: WebhooksDeps, auth: AuthClaims, body: CreateBody) {
  const url = await checkUrl(deps, body.url);
  const secret = generateSecret();
  const endpoint = await deps.db.transaction(async (tx) => {
    // One user's creations in turn, so two at once cannot both take the last place.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`webhooks:${auth.userId}`}))`);
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.userId, auth.userId));
    if (n >= deps.maxEndpoints)
      throw new LimitReachedError(
        deps.maxEndpoints,
        'webhook_endpoints',
        `At most ${deps.maxEndpoints} webhook endpoints per account`,
      );
    const now = new Date(deps.clock());
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        userId: auth.userId,
        url,
        description: body.description ?? '',
        eventTypes: body.eventTypes,
        secret: deps.box.seal(secret),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    return row!;
  });
  return { endpoint: endpointView(endpoint), secret };
}

export async function getEndpoint(deps: WebhooksDeps, auth: AuthClaims, id: string) {
  return endpointView(await ownEndpoint(deps.db, auth, id));
}

/**
 * Changes what is given. A new URL passes the SSRF rules first; `enabled: true` on a disabled endpoint
 * starts a new failure streak, `enabled: false` disables it by hand.
 */
export async function patchEndpoint(deps: WebhooksDeps, auth: AuthClaims, id: string, body: PatchBody) {
  await ownEndpoint(deps.db, auth, id);
  const url = body.url === undefined ? undefined : await checkUrl(deps, body.url);
  return deps.db.transaction(async (tx) => {
    const current = await ownEndpoint(tx, auth, id, true);
    const now = new Date(deps.clock());
    const enabling = body.enabled === true && !current.enabled;
    const disabling = body.enabled === false && current.enabled;
    const [row] = await tx
      .update(webhookEndpoints)
      .set({
        ...(url !== undefined ? { url } : {}),
        ...(body.eventTypes !== undefined ? { eventTypes: body.eventTypes } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(enabling ? { enabled: true, disabledAt: null, disabledReason: null, failureStreak: 0 } : {}),
        ...(disabling ? { enabled: false, disabledAt: now, disabledReason: 'manual' } : {}),
        updatedAt: now,
      })
      .where(eq(webhookEndpoints.id, current.id))
      .returning();
    return endpointView(row!);
  });
}

/** Gone with its deliveries and their log; tries still queued find nothing and stop. */
export async function deleteEndpoint(deps: WebhooksDeps, auth: AuthClaims, id: string) {
  const endpoint = await ownEndpoint(deps.db, auth, id);
  await deps.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
}

export async function getSecret(deps: WebhooksDeps, auth: AuthClaims, id: string) {
  const endpoint = await ownEndpoint(deps.db, auth, id);
  return { secret: deps.box.open(endpoint.secret) };
}

/** A new secret at once: every try from now on is signed with it (tries already sent used the old). */
export async function rotateSecret(deps: WebhooksDeps, auth: AuthClaims, id: string) {
  const endpoint = await ownEndpoint(deps.db, auth, id);
  const secret = generateSecret();
  await deps.db
    .update(webhookEndpoints)
    .set({ secret: deps.box.seal(secret), updatedAt: new Date(deps.clock()) })
    .where(eq(webhookEndpoints.id, endpoint.id));
  return { secret };
}

async function requestTry(
  deps: WebhooksDeps,
  tx: Tx,
  emit: typeof deps.outbox.add,
  d: { id: string; endpointId: string; round: number },
  trigger: 'manual' | 'test',
) {
  await emit(tx, developer.webhookDeliveryRequested, {
    deliveryId: d.id,
    endpointId: d.endpointId,
    round: d.round,
    trigger,
  });
}

/** A `webhook.test` ping, sent once (disabled endpoints too): the delivery to watch in the log. */
export async function sendTest(deps: WebhooksDeps, auth: AuthClaims, id: string) {
  const endpoint = await ownEndpoint(deps.db, auth, id);
  return deps.outbox.transaction(async (tx, emit) => {
    const now = new Date(deps.clock());
    const [row] = await tx
      .insert(webhookDeliveries)
      .values({
        endpointId: endpoint.id,
        eventId: `test:${randomUUID()}`,
        eventType: TEST_EVENT_TYPE,
        payload: testPayload(endpoint.id, now) as unknown as Record<string, unknown>,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await requestTry(deps, tx, emit, row!, 'test');
    return { delivery: deliveryView(row!) };
  });
}

/** The delivery log, newest first, optionally of one state. */
export async function listDeliveries(
  deps: WebhooksDeps,
  auth: AuthClaims,
  id: string,
  query: {
    limit: number;
    cursor?: string | undefined;
    state?: 'pending' | 'delivered' | 'failed' | undefined;
  },
) {
  const endpoint = await ownEndpoint(deps.db, auth, id);
  const order = newestFirst(webhookDeliveries.createdAt, webhookDeliveries.id, decodeCursor(query.cursor));
  const rows = await deps.db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpoint.id),
        query.state ? eq(webhookDeliveries.state, query.state) : undefined,
        order.where,
      ),
    )
    .orderBy(...order.orderBy)
    .limit(query.limit + 1);
  const { items, nextCursor } = page(rows, query.limit);
  return { items: items.map(deliveryView), nextCursor };
}

export async function getDelivery(deps: WebhooksDeps, auth: AuthClaims, id: string, deliveryId: string) {
  const { delivery } = await ownDelivery(deps.db, auth, id, deliveryId);
  const attempts = await deps.db
    .select()
    .from(webhookAttempts)
    .where(eq(webhookAttempts.deliveryId, delivery.id))
    .orderBy(asc(webhookAttempts.id));
  return deliveryDetail(delivery, attempts);
}

/**
 * Sends a delivery again, once, whatever its state: a new round starts (tries of an older round still
 * queued are dropped), with the same `webhook-id` so a receiver can tell it already has the message.
 */
export async function redeliver(deps: WebhooksDeps, auth: AuthClaims, id: string, deliveryId: string) {
  return deps.outbox.transaction(async (tx, emit) => {
    const { delivery } = await ownDelivery(tx, auth, id, deliveryId, true);
    const [row] = await tx
      .update(webhookDeliveries)
      .set({
        round: delivery.round + 1,
        attempts: 0,
        state: 'pending',
        lastStatus: null,
        lastLatencyMs: null,
        lastError: null,
        deliveredAt: null,
        updatedAt: new Date(deps.clock()),
      })
      .where(eq(webhookDeliveries.id, delivery.id))
      .returning();
    await requestTry(deps, tx, emit, row!, 'manual');
    return { delivery: deliveryView(row!) };
  });
}
