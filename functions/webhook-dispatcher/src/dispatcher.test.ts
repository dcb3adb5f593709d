import { randomUUID } from 'node:crypto';
import { notifications, outbox, webhookDeliveries, webhookEndpoints } from '@atelier/shared/db/schema';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newProject } from '../../../runner/src/test-support/creative';
import { startDnsServer, type TestDnsServer } from '../../../runner/src/test-support/dns-server';
import { generate, waitFor, withoutAiProviders } from '../../../runner/src/test-support/generation';
import { eventually, startTestPlatform, type TestPlatform } from '../../../runner/src/test-support/platform';
import { request as call, mailTo, newUser, type TestUser } from '../../../runner/src/test-support/users';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../../runner/src/test-support/webhook-receiver';

// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field
type Json = Record<string, any>;
const request = async (...args: Parameters<typeof call>) => {
  const res = await call(...args);
  return { ...res, body: res.body as Json };
};
const BASE = '/v1/developer/webhooks';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let p: TestPlatform;
let dns: TestDnsServer;
/** One receiver per scenario, so that late retries of one never land in another's count. */
const receivers: Record<'generation' | 'flaky' | 'down' | 'client' | 'slow' | 'trap', WebhookReceiver> =
  {} as never;

beforeAll(async () => {
  dns = await startDnsServer();
  for (const name of ['generation', 'flaky', 'down', 'client', 'slow', 'trap'] as const)
    receivers[name] = await startWebhookReceiver();
  // Every receiver but the trap may be reached: it stands for an internal service.
  const allowed = Object.entries(receivers)
    .filter(([name]) => name !== 'trap')
    .map(([, r]) => `127.0.0.1:${r.port}`)
    .join(',');
  p = await startTestPlatform({
    ...withoutAiProviders(),
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_ALLOW_TARGETS: allowed,
    WEBHOOK_DNS_SERVERS: dns.address,
    WEBHOOK_TIMEOUT_MS: '1500',
    WEBHOOK_DISABLE_AFTER: '2',
  });
}, 120_000);
afterAll(async () => {
  await p?.stop();
  await Promise.all([...Object.values(receivers).map((r) => r.stop()), dns?.stop()]);
});

/** An endpoint through the API, its receiver told the secret. */
async function endpointFor(
  user: TestUser,
  receiver: WebhookReceiver,
  eventTypes: string[],
  url = receiver.url,
) {
  const res = await request(p, user, 'POST', BASE, { url, eventTypes });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  receiver.setSecret(res.body.secret);
  return res.body.endpoint.id as string;
}

/** A generation outcome as generation-worker emits it (through the outbox, relayed by the runner). */
async function emitCompleted(user: TestUser, projectId: string) {
  const id = randomUUID();
  const generationId = randomUUID();
  await p.db.db.insert(outbox).values({
    id,
    type: 'dev.atelier.generation.completed.v1',
    source: 'atelier/test',
    data: {
      generationId,
      userId: user.userId,
      projectId,
      ownerUserId: user.userId,
      teamId: null,
      assetId: randomUUID(),
      version: 1,
    },
  });
  return { eventId: id, generationId };
}

/** The endpoint's delivery of that event once it is settled, with its tries. */
async function settled(user: TestUser, endpointId: string, eventId: string, timeoutMs = 30_000) {
  const [row] = await eventually(
    async () => {
      const rows = await p.db.db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.eventId, eventId)));
      return rows.length > 0 && rows;
    },
    timeoutMs,
    150,
  );
  return eventually(
    async () => {
      const d = await request(p, user, 'GET', `${BASE}/${endpointId}/deliveries/${row!.id}`);
      return d.body.delivery.state !== 'pending' && d.body;
    },
    timeoutMs,
    150,
  );
}

describe('webhook-dispatcher', () => {
  it('delivers a generation’s samples_ready and completed, signed, to the requester’s subscribed endpoints', {
    timeout: 120_000,
  }, async () => {
    const hooks = receivers.generation;
    const user = await newUser(p);
    const bystander = await newUser(p);
    const endpointId = await endpointFor(user, hooks, ['generation.samples_ready', 'generation.completed']);
    // Someone else's endpoint on the same receiver gets nothing of this generation.
    await request(p, bystander, 'POST', BASE, { url: hooks.url, eventTypes: ['generation.completed'] });
    const { projectId } = await newProject(p, { userId: user.userId });
    const accepted = await generate(p, user, {
      projectId,
      prompt: 'A lighthouse at dawn',
      style: 'watercolour',
    });
    const ready = await waitFor(p, user, accepted.id, ['awaiting_selection']);
    const selected = await request(p, user, 'POST', `/v1/generations/${accepted.id}/select`, {
      sampleId: ready.samples[0]!.id,
      quality: 'standard',
    });
    expect(selected.status).toBe(202);
    const done = await waitFor(p, user, accepted.id, ['completed']);
    const final = done.final as { assetId: string; version: number };

    const got = await eventually(async () => {
      const types = hooks.accepted().map((r) => r.payload.type);
      return (
        types.includes('generation.completed') &&
        types.includes('generation.samples_ready') &&
        hooks.accepted()
      );
    }, 30_000);
    // Every message verified with the standardwebhooks package; nothing refused.
    expect(hooks.received.every((r) => r.verified)).toBe(true);
    expect(got.map((r) => r.payload.type).sort()).toEqual([
      'generation.completed',
      'generation.samples_ready',
    ]);
    const completed = got.find((r) => r.payload.type === 'generation.completed')!;
    expect(completed.payload).toEqual({
      type: 'generation.completed',
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      data: {
        generationId: accepted.id,
        projectId,
        teamId: null,
        state: 'completed',
        assetId: final.assetId,
        assetVersion: final.version,
        links: {
          generation: expect.stringMatching(new RegExp(`^https?://[^/]+/v1/generations/${accepted.id}$`)),
          asset: expect.stringMatching(new RegExp(`/v1/assets/${final.assetId}$`)),
        },
      },
    });
    expect(completed.headers['content-type']).toBe('application/json');
    expect(Math.abs(Number(completed.timestamp) - Date.now() / 1000)).toBeLessThan(120);
    const samples = got.find((r) => r.payload.type === 'generation.samples_ready')!;
    expect(samples.payload.data).toMatchObject({
      generationId: accepted.id,
      state: 'awaiting_selection',
      batch: 1,
      samplesDelivered: 4,
    });
    // Newest first; the two may be dispatched in either order (a cold start can hold the first).
    // The receiver answered: the tries are recorded a moment later.
    const log = await eventually(async () => {
      const res = await request(p, user, 'GET', `${BASE}/${endpointId}/deliveries`);
      return res.body.items.every((d: Json) => d.state !== 'pending') && res;
    });
    const rows = log.body.items.map((d: Json) => [d.eventType, d.state, d.attempts, d.lastStatus]);
    expect(rows.sort()).toEqual([
      ['generation.completed', 'delivered', 1, 200],
      ['generation.samples_ready', 'delivered', 1, 200],
    ]);
    expect(log.body.items.map((d: Json) => d.id)).toContain(completed.id);
  });

  it('retries 5xx, 429 and timeouts through the retry queue until the receiver answers 2xx', {
    timeout: 60_000,
  }, async () => {
    const flaky = receivers.flaky;
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const endpointId = await endpointFor(user, flaky, ['generation.completed']);
    flaky.respond([500, 503, 429], 200);
    const { eventId } = await emitCompleted(user, projectId);
    const result = await settled(user, endpointId, eventId);
    expect(result.delivery).toMatchObject({
      state: 'delivered',
      attempts: 4,
      lastStatus: 200,
      lastError: null,
    });
    expect(result.attempts.map((a: Json) => [a.attempt, a.trigger, a.status, a.error])).toEqual([
      [1, 'auto', 500, 'HTTP 500'],
      [2, 'auto', 503, 'HTTP 503'],
      [3, 'auto', 429, 'HTTP 429'],
      [4, 'auto', 200, null],
    ]);
    for (const a of result.attempts) expect(a.latencyMs).toBeGreaterThanOrEqual(0);
    // One message: the same webhook-id and body on every try, each signed afresh.
    const tries = flaky.received.filter((r) => r.id === result.delivery.id);
    expect(tries).toHaveLength(4);
    expect(new Set(tries.map((t) => t.body)).size).toBe(1);
    expect(tries.every((t) => t.verified)).toBe(true);

    // A receiver that does not answer in time (WEBHOOK_TIMEOUT_MS) is tried again.
    const slow = receivers.slow;
    const slowId = await endpointFor(user, slow, ['generation.completed']);
    slow.respond([0], 200);
    const late = await emitCompleted(user, projectId);
    const timedOut = await settled(user, slowId, late.eventId);
    expect(timedOut.delivery).toMatchObject({ state: 'delivered', attempts: 2 });
    expect(timedOut.attempts[0]).toMatchObject({ status: null, error: expect.stringMatching(/^Timed out/) });
    expect(timedOut.attempts[0].latencyMs).toBeGreaterThanOrEqual(1400);
  });

  it('fails a 4xx at once, and an always-failing receiver after 1 + 5 tries; a streak disables the endpoint and tells its owner', {
    timeout: 90_000,
  }, async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });

    const client = receivers.client;
    const clientId = await endpointFor(user, client, ['generation.completed']);
    client.respond([], 410);
    const gone = await settled(user, clientId, (await emitCompleted(user, projectId)).eventId);
    expect(gone.delivery).toMatchObject({ state: 'failed', attempts: 1, lastStatus: 410 });
    expect(gone.attempts).toHaveLength(1);
    // Out of the way: the events below would reach it too (same user, same type).
    expect((await request(p, user, 'DELETE', `${BASE}/${clientId}`)).status).toBe(204);

    const down = receivers.down;
    const endpointId = await endpointFor(user, down, ['generation.completed']);
    down.respond([], 500);
    const first = await settled(user, endpointId, (await emitCompleted(user, projectId)).eventId);
    expect(first.delivery).toMatchObject({
      state: 'failed',
      attempts: 6,
      lastStatus: 500,
      lastError: 'HTTP 500',
    });
    expect(first.attempts.map((a: Json) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
    // No seventh try: the last settled it (the platform's retries are spent too).
    await sleep(2000);
    expect(down.received.filter((r) => r.id === first.delivery.id)).toHaveLength(6);
    let endpoint = (await request(p, user, 'GET', `${BASE}/${endpointId}`)).body;
    expect(endpoint).toMatchObject({ enabled: true, failureStreak: 1 });

    // The second failed delivery in a row reaches WEBHOOK_DISABLE_AFTER (2 here).
    await settled(user, endpointId, (await emitCompleted(user, projectId)).eventId);
    endpoint = (await request(p, user, 'GET', `${BASE}/${endpointId}`)).body;
    expect(endpoint).toMatchObject({ enabled: false, disabledReason: 'failure_streak', failureStreak: 2 });
    const told = await eventually(async () => {
      const rows = await p.db.db
        .select()
        .from(notifications)
        .where(
          and(eq(notifications.userId, user.userId), eq(notifications.type, 'developer.webhook_disabled')),
        );
      return rows.length > 0 && rows;
    }, 20_000);
    expect(told[0]!.data).toMatchObject({ endpointId, host: `127.0.0.1:${down.port}`, failureStreak: 2 });
    const mail = await eventually(async () =>
      (await mailTo(p, user.email)).find((m) => m.subject.includes('webhook')),
    );
    expect(mail.subject).toBe(`Your webhook to 127.0.0.1:${down.port} was turned off`);
    expect(mail.text).toContain(`/developer/webhooks/${endpointId}`);

    // Disabled: new events make no delivery; turned back on, a new streak starts.
    const before = down.received.length;
    const skipped = await emitCompleted(user, projectId);
    await eventually(async () => {
      const [row] = await p.db.db.select().from(outbox).where(eq(outbox.id, skipped.eventId));
      return row?.publishedAt !== null && row;
    });
    await sleep(1500);
    const none = await p.db.db
      .select()
      .from(webhookDeliveries)
      .where(
        and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.eventId, skipped.eventId)),
      );
    expect(none).toHaveLength(0);
    expect(down.received.length).toBe(before);
    const on = await request(p, user, 'PATCH', `${BASE}/${endpointId}`, { enabled: true });
    expect(on.body).toMatchObject({ enabled: true, failureStreak: 0, disabledReason: null });

    // A redeliver of the failed delivery is one try; now answered, it is delivered.
    down.respond([], 200);
    const again = await request(
      p,
      user,
      'POST',
      `${BASE}/${endpointId}/deliveries/${first.delivery.id}/redeliver`,
    );
    expect(again.status).toBe(202);
    const redone = await eventually(async () => {
      const d = await request(p, user, 'GET', `${BASE}/${endpointId}/deliveries/${first.delivery.id}`);
      return d.body.delivery.state === 'delivered' && d.body;
    }, 20_000);
    expect(redone.delivery).toMatchObject({ round: 2, attempts: 1, lastStatus: 200 });
    expect(redone.attempts.at(-1)).toMatchObject({ round: 2, attempt: 1, trigger: 'manual', status: 200 });

    // The log pages newest first and filters by state.
    const page1 = await request(p, user, 'GET', `${BASE}/${endpointId}/deliveries?limit=1`);
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await request(
      p,
      user,
      'GET',
      `${BASE}/${endpointId}/deliveries?limit=1&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body).toMatchObject({ items: [{ id: first.delivery.id }], nextCursor: null });
    const failed = await request(p, user, 'GET', `${BASE}/${endpointId}/deliveries?state=failed`);
    expect(failed.body.items.map((d: Json) => d.id)).toEqual([page1.body.items[0].id]);
  });

  it('refuses at send time a host that resolved publicly when saved and now points inside; nothing is sent', {
    timeout: 60_000,
  }, async () => {
    const trap = receivers.trap;
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const inside = {
      'flip-loopback': '127.0.0.1',
      'flip-private': '10.0.0.1',
      'flip-metadata': '169.254.169.254',
    };
    const endpoints: Record<string, string> = {};
    for (const name of Object.keys(inside)) {
      // Public when the endpoint is saved (nothing is sent then).
      dns.set(`${name}.example.test`, ['93.184.215.14']);
      endpoints[name] = await endpointFor(
        user,
        trap,
        ['generation.completed'],
        `http://${name}.example.test:${trap.port}/hooks`,
      );
    }
    for (const [name, address] of Object.entries(inside)) dns.set(`${name}.example.test`, [address]);
    const { eventId } = await emitCompleted(user, projectId);
    for (const [name, endpointId] of Object.entries(endpoints)) {
      const result = await settled(user, endpointId, eventId);
      expect(result.delivery, name).toMatchObject({ state: 'failed', attempts: 1, lastStatus: null });
      expect(result.attempts[0].error, name).toMatch(/^Refused: The host resolves to a \w+ address/);
    }
    expect(trap.received).toHaveLength(0);
    const [row] = await p.db.db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, endpoints['flip-loopback']!));
    expect(row!.failureStreak).toBe(1);
  });
});
