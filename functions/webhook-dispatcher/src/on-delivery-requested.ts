import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '@atelier/shared/db/schema';
import { RetryLaterError } from '@atelier/shared/errors';
import { developer } from '@atelier/shared/events/catalog';
import { onLongEvent } from '@atelier/shared/events/consumer';
import type { EventData } from '@atelier/shared/events/define';
import { postWebhook, type TryResult } from '@atelier/shared/webhooks/send';
import { signedHeaders } from '@atelier/shared/webhooks/signing';
import { and, eq, sql } from 'drizzle-orm';
import type { DispatcherDeps } from './deps';

type Request = EventData<typeof developer.webhookDeliveryRequested>;
type Outcome = 'delivered' | 'retry' | 'failed';

/**
 * One try of a delivery (docs/webhooks.md, "Retries"). The try is counted before it is made (its own
 * short transaction), sent outside any transaction (up to WEBHOOK_TIMEOUT_MS), then recorded. A 5xx,
 * 408, 429, timeout or network error with tries left answers 503, and the platform's retry queue
 * brings the event back after its back-off; no process sleeps. 2xx settles it delivered; any other
 * answer (3xx: redirects are never followed; 4xx), an address refused by the SSRF rules, or the last
 * try failing settles it failed.
 */
export const onDeliveryRequested = (deps: DispatcherDeps) =>
  onLongEvent(developer.webhookDeliveryRequested, async (event) => {
    const request = event.data;
    const maxAttempts = request.trigger === 'auto' ? deps.maxAttempts : 1;
    const claim = await reserveTry(deps, request, maxAttempts);
    if (!claim) return;
    const body = JSON.stringify(claim.payload);
    const timestamp = Math.floor(deps.clock() / 1000);
    const result = await postWebhook({
      url: claim.url,
      headers: { ...signedHeaders(claim.secret, claim.deliveryId, timestamp, body) },
      body,
      policy: deps.policy,
      timeoutMs: deps.timeoutMs,
    });
    const verdict = judge(result);
    const outcome: Outcome =
      verdict.outcome === 'retry' && claim.attempt >= maxAttempts ? 'failed' : verdict.outcome;
    await record(deps, claim, result.latencyMs, verdict, outcome);
    deps.log.info(
      {
        deliveryId: claim.deliveryId,
        endpointId: claim.endpointId,
        attempt: claim.attempt,
        status: verdict.status,
        outcome,
      },
      'webhook try',
    );
    if (outcome === 'retry')
      throw new RetryLaterError(`Webhook try ${claim.attempt} of ${maxAttempts} failed: ${verdict.error}`);
  });

interface Claim {
  deliveryId: string;
  endpointId: string;
  userId: string;
  url: string;
  description: string;
  secret: string;
  payload: Record<string, unknown>;
  round: number;
  attempt: number;
  trigger: Request['trigger'];
}

/** Counts the next try under the delivery's row lock, or answers null when there is nothing to try. */
function reserveTry(deps: DispatcherDeps, request: Request, maxAttempts: number): Promise<Claim | null> {
  return deps.db.transaction(async (tx) => {
    const [d] = await tx
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, request.deliveryId))
      .for('update');
    const [endpoint] = d
      ? await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, d.endpointId))
      : [];
    if (!d || !endpoint) return null; // gone with its endpoint
    // Settled already, or superseded by a redeliver (a newer round).
    if (d.state !== 'pending' || d.round !== request.round) return null;
    const now = new Date(deps.clock());
    const settle = (lastError: string) =>
      tx
        .update(webhookDeliveries)
        .set({ state: 'failed', lastError, updatedAt: now })
        .where(eq(webhookDeliveries.id, d.id));
    if (d.attempts >= maxAttempts) {
      // Every try was counted but the last was never recorded (a crash mid-try).
      await settle('Every try was spent');
      return null;
    }
    if (request.trigger === 'auto' && !endpoint.enabled) {
      await settle('The endpoint is disabled');
      return null;
    }
    const attempt = d.attempts + 1;
    await tx
      .update(webhookDeliveries)
      .set({ attempts: attempt, updatedAt: now })
      .where(eq(webhookDeliveries.id, d.id));
    return {
      deliveryId: d.id,
      endpointId: d.endpointId,
      userId: endpoint.userId,
      url: endpoint.url,
      description: endpoint.description,
      secret: deps.box.open(endpoint.secret),
      payload: d.payload,
      round: d.round,
      attempt,
      trigger: request.trigger,
    };
  });
}

interface Verdict {
  outcome: Outcome;
  status: number | null;
  error: string | null;
}

/** What a try's result means: delivered, worth another try, or failed for good. */
export function judge(r: TryResult): Verdict {
  if (r.kind === 'refused') return { outcome: 'failed', status: null, error: `Refused: ${r.error}` };
  if (r.kind === 'network')
    return { outcome: 'retry', status: null, error: r.timedOut ? `Timed out (${r.error})` : r.error };
  const s = r.status;
  if (s >= 200 && s < 300) return { outcome: 'delivered', status: s, error: null };
  if (s >= 500 || s === 408 || s === 429) return { outcome: 'retry', status: s, error: `HTTP ${s}` };
  if (s >= 300 && s < 400)
    return { outcome: 'failed', status: s, error: `HTTP ${s}: redirects are not followed` };
  return { outcome: 'failed', status: s, error: `HTTP ${s}: not retried` };
}

/**
 * The try in the log and its outcome on the delivery; a success resets the endpoint's failure streak,
 * and an event's delivery that failed for good adds one to it — at WEBHOOK_DISABLE_AFTER the endpoint
 * is disabled and its owner told (developer.webhook.disabled). Redelivers and test pings that fail do
 * not count: the owner is trying things out.
 */
async function record(
  deps: DispatcherDeps,
  claim: Claim,
  latencyMs: number,
  verdict: Verdict,
  outcome: Outcome,
) {
  const now = new Date(deps.clock());
  const relay: string[] = [];
  await deps.db.transaction(async (tx) => {
    await tx
      .insert(webhookAttempts)
      .values({
        deliveryId: claim.deliveryId,
        round: claim.round,
        attempt: claim.attempt,
        trigger: claim.trigger,
        status: verdict.status,
        latencyMs,
        error: verdict.error,
        createdAt: now,
      })
      .onConflictDoNothing();
    const settled =
      outcome === 'delivered'
        ? { state: 'delivered' as const, deliveredAt: now }
        : outcome === 'failed'
          ? { state: 'failed' as const }
          : {};
    const [updated] = await tx
      .update(webhookDeliveries)
      .set({
        lastStatus: verdict.status,
        lastLatencyMs: latencyMs,
        lastError: verdict.error,
        updatedAt: now,
        ...settled,
      })
      .where(
        and(
          eq(webhookDeliveries.id, claim.deliveryId),
          eq(webhookDeliveries.round, claim.round),
          eq(webhookDeliveries.state, 'pending'),
        ),
      )
      .returning({ id: webhookDeliveries.id });
    if (!updated) return; // a redeliver started a new round meanwhile
    if (outcome === 'delivered') {
      await tx
        .update(webhookEndpoints)
        .set({ failureStreak: 0 })
        .where(eq(webhookEndpoints.id, claim.endpointId));
    } else if (outcome === 'failed' && claim.trigger === 'auto') {
      const [endpoint] = await tx
        .update(webhookEndpoints)
        .set({ failureStreak: sql`${webhookEndpoints.failureStreak} + 1` })
        .where(eq(webhookEndpoints.id, claim.endpointId))
        .returning({ streak: webhookEndpoints.failureStreak, enabled: webhookEndpoints.enabled });
      if (endpoint?.enabled && endpoint.streak >= deps.disableAfter) {
        await tx
          .update(webhookEndpoints)
          .set({ enabled: false, disabledAt: now, disabledReason: 'failure_streak', updatedAt: now })
          .where(eq(webhookEndpoints.id, claim.endpointId));
        relay.push(
          await deps.outbox.add(tx, developer.webhookDisabled, {
            endpointId: claim.endpointId,
            userId: claim.userId,
            host: new URL(claim.url).host,
            description: claim.description.slice(0, 500),
            failureStreak: endpoint.streak,
          }),
        );
      }
    }
  });
  if (relay.length > 0)
    await deps.outbox
      .relay(relay)
      .catch((err: Error) => deps.log.warn({ err: err.message }, 'relay deferred'));
}
