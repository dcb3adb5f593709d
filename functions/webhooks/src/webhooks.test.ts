import { webhookEndpoints } from '@atelier/shared/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type TestDnsServer } from '../../../runner/src/test-support/dns-server';
import { eventually, startTestPlatform, type TestPlatform } from '../../../runner/src/test-support/platform';
import { request as call, newUser, type TestUser } from '../../../runner/src/test-support/users';
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

let p: TestPlatform;
let dns: TestDnsServer;
let ok: WebhookReceiver;
let failing: WebhookReceiver;
let owner: TestUser;

beforeAll(async () => {
  dns = await startDnsServer({
    'loopback.example.test': ['127.0.0.1'],
    'private.example.test': ['10.0.0.1'],
    'metadata.example.test': ['169.254.169.254'],
    'v6.example.test': ['::1'],
    'public.example.test': ['93.184.215.14'],
  });
  ok = await startWebhookReceiver();
  failing = await startWebhookReceiver();
  p = await startTestPlatform({
    // Local receivers over http, at exactly these two address:port pairs and nowhere else private.
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_ALLOW_TARGETS: `127.0.0.1:${ok.port},127.0.0.1:${failing.port}`,
    WEBHOOK_DNS_SERVERS: dns.address,
    WEBHOOK_MAX_ENDPOINTS: '3',
  });
  owner = await newUser(p);
}, 120_000);
afterAll(async () => {
  await p?.stop();
  await Promise.all([ok?.stop(), failing?.stop(), dns?.stop()]);
});

async function createEndpoint(user: { accessToken: string }, body: Json) {
  const res = await request(p, user, 'POST', BASE, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { endpoint: Json; secret: string };
}

describe('webhook endpoints', () => {
  it('never keep a signing secret in the idempotency table: a replay leaves it out', async () => {
    const user = await newUser(p);
    const body = { url: ok.url, eventTypes: ['generation.completed'] };
    const headers = { 'idempotency-key': 'create-hook-1' };
    const first = await request(p, user, 'POST', BASE, body, headers);
    expect(first.status).toBe(201);
    expect(first.body.secret).toMatch(/^whsec_/);
    const replay = await request(p, user, 'POST', BASE, body, headers);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.endpoint.id).toBe(first.body.endpoint.id);
    expect(replay.body.secret).toBeUndefined();
    const rotated = await request(
      p,
      user,
      'POST',
      `${BASE}/${first.body.endpoint.id}/secret/rotate`,
      undefined,
      {
        'idempotency-key': 'rotate-1',
      },
    );
    expect(rotated.body.secret).toMatch(/^whsec_/);
    const stored = await p.db
      .sql`select body from developer.idempotency_keys where key in ('create-hook-1', 'rotate-1')`;
    expect(stored).toHaveLength(2);
    for (const row of stored) expect(String(row.body)).not.toContain('whsec_');
  });

  it('are created with a secret shown then and on request, listed, changed, rotated and deleted', async () => {
    const user = await newUser(p);
    const { endpoint, secret } = await createEndpoint(user, {
      url: ok.url,
      eventTypes: ['generation.completed', 'generation.failed', 'generation.completed'],
      description: '  Build server  ',
    });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(endpoint).toMatchObject({
      url: ok.url,
      description: 'Build server',
      eventTypes: ['generation.completed', 'generation.failed'],
      enabled: true,
      disabledAt: null,
      disabledReason: null,
      failureStreak: 0,
    });
    expect(JSON.stringify(endpoint)).not.toContain('whsec_');
    // Sealed at rest: the stored value is not the secret.
    const [row] = await p.db.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(row!.secret).not.toContain(secret.slice(6, 20));

    const list = await request(p, user, 'GET', BASE);
    expect(list.body).toMatchObject({ items: [{ id: endpoint.id }], limit: 3 });
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
    const shown = await request(p, user, 'GET', `${BASE}/${endpoint.id}/secret`);
    expect(shown.body).toEqual({ secret });
    expect(shown.headers.get('cache-control')).toBe('no-store');

    const types = await request(p, user, 'GET', `${BASE}/event-types`);
    expect(types.body.items.map((t: Json) => t.type)).toEqual([
      'generation.samples_ready',
      'generation.completed',
      'generation.failed',
      'generation.content_rejected',
    ]);

    const patched = await request(p, user, 'PATCH', `${BASE}/${endpoint.id}`, {
      eventTypes: ['generation.samples_ready'],
      description: 'CI',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ eventTypes: ['generation.samples_ready'], description: 'CI' });
    const off = await request(p, user, 'PATCH', `${BASE}/${endpoint.id}`, { enabled: false });
    expect(off.body).toMatchObject({ enabled: false, disabledReason: 'manual' });
    // Turned off by the platform after a streak, then back on: a new streak starts.
    await p.db.db
      .update(webhookEndpoints)
      .set({ failureStreak: 15, disabledReason: 'failure_streak' })
      .where(eq(webhookEndpoints.id, endpoint.id));
    const on = await request(p, user, 'PATCH', `${BASE}/${endpoint.id}`, { enabled: true });
    expect(on.body).toMatchObject({
      enabled: true,
      disabledAt: null,
      disabledReason: null,
      failureStreak: 0,
    });

    const rotated = await request(p, user, 'POST', `${BASE}/${endpoint.id}/secret/rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(secret);
    expect((await request(p, user, 'GET', `${BASE}/${endpoint.id}/secret`)).body.secret).toBe(
      rotated.body.secret,
    );

    expect((await request(p, user, 'DELETE', `${BASE}/${endpoint.id}`)).status).toBe(204);
    expect((await request(p, user, 'GET', `${BASE}/${endpoint.id}`)).status).toBe(404);
  });

  it('refuse loopback, private and metadata addresses, and names resolving to them (422 webhook_url_refused)', async () => {
    const refused = [
      'https://127.0.0.1/hooks',
      'https://10.0.0.1/hooks',
      'https://169.254.169.254/latest/meta-data/',
      'https://[::1]/hooks',
      'https://[::ffff:10.0.0.1]/hooks',
      'https://loopback.example.test/hooks',
      'https://private.example.test/hooks',
      'https://metadata.example.test/hooks',
      'https://v6.example.test/hooks',
      // Loopback on another port than the one allowed for the local receiver.
      `http://127.0.0.1:${ok.port + 1}/hooks`,
    ];
    for (const url of refused) {
      const res = await request(p, owner, 'POST', BASE, { url, eventTypes: ['generation.completed'] });
      expect(res.status, url).toBe(422);
      expect(res.body.error, url).toMatchObject({
        code: 'webhook_url_refused',
        details: { reason: 'address_not_allowed' },
      });
    }
    const nowhere = await request(p, owner, 'POST', BASE, {
      url: 'https://nowhere.example.test/',
      eventTypes: ['generation.completed'],
    });
    expect(nowhere.body.error).toMatchObject({
      code: 'webhook_url_refused',
      details: { reason: 'unresolvable' },
    });
    const creds = await request(p, owner, 'POST', BASE, {
      url: 'https://user:pw@public.example.test/',
      eventTypes: ['generation.completed'],
    });
    expect(creds.body.error).toMatchObject({
      code: 'webhook_url_refused',
      details: { reason: 'credentials_in_url' },
    });

    // A public name passes; changing it to a private one does not, and leaves it as it was.
    const { endpoint } = await createEndpoint(owner, {
      url: 'https://public.example.test/hooks',
      eventTypes: ['generation.completed'],
    });
    const moved = await request(p, owner, 'PATCH', `${BASE}/${endpoint.id}`, {
      url: 'https://metadata.example.test/',
    });
    expect(moved.status).toBe(422);
    expect((await request(p, owner, 'GET', `${BASE}/${endpoint.id}`)).body.url).toBe(
      'https://public.example.test/hooks',
    );
    await request(p, owner, 'DELETE', `${BASE}/${endpoint.id}`);
  });

  it('answer bad input with 400, someone else’s ids with 404, and a full account with 409', async () => {
    const user = await newUser(p);
    const bad: Array<[string, string, unknown]> = [
      ['POST', BASE, {}],
      ['POST', BASE, { url: 'not a url', eventTypes: ['generation.completed'] }],
      ['POST', BASE, { url: 'ftp://public.example.test/', eventTypes: ['generation.completed'] }],
      ['POST', BASE, { url: ok.url, eventTypes: [] }],
      ['POST', BASE, { url: ok.url, eventTypes: ['generation.nope'] }],
      ['POST', BASE, { url: ok.url, eventTypes: ['webhook.test'] }],
      ['POST', BASE, { url: ok.url, eventTypes: ['generation.completed'], secret: 'whsec_mine' }],
      ['POST', BASE, { url: ok.url, eventTypes: ['generation.completed'], description: 'x'.repeat(501) }],
      ['GET', `${BASE}/not-a-uuid`, undefined],
    ];
    for (const [method, path, body] of bad) {
      const res = await request(p, user, method, path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await request(p, user, 'POST', BASE, '{"url":')).body.error.code).toBe('invalid_json');

    const { endpoint } = await createEndpoint(owner, { url: ok.url, eventTypes: ['generation.completed'] });
    const id = endpoint.id as string;
    expect((await request(p, owner, 'PATCH', `${BASE}/${id}`, {})).status).toBe(400);
    expect((await request(p, owner, 'PATCH', `${BASE}/${id}`, { enabled: 'yes' })).status).toBe(400);
    expect((await request(p, owner, 'GET', `${BASE}/${id}/deliveries?limit=0`)).status).toBe(400);
    expect((await request(p, owner, 'GET', `${BASE}/${id}/deliveries?cursor=nope`)).status).toBe(400);
    expect((await request(p, owner, 'GET', `${BASE}/${id}/deliveries?state=lost`)).status).toBe(400);

    const foreign: Array<[string, string, unknown]> = [
      ['GET', `${BASE}/${id}`, undefined],
      ['PATCH', `${BASE}/${id}`, { description: 'mine now' }],
      ['DELETE', `${BASE}/${id}`, undefined],
      ['GET', `${BASE}/${id}/secret`, undefined],
      ['POST', `${BASE}/${id}/secret/rotate`, undefined],
      ['POST', `${BASE}/${id}/test`, undefined],
      ['GET', `${BASE}/${id}/deliveries`, undefined],
      ['GET', `${BASE}/${id}/deliveries/${crypto.randomUUID()}`, undefined],
      ['POST', `${BASE}/${id}/deliveries/${crypto.randomUUID()}/redeliver`, undefined],
      ['GET', `${BASE}/${crypto.randomUUID()}`, undefined],
    ];
    for (const [method, path, body] of foreign) {
      const res = await request(p, user, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect((await request(p, owner, 'GET', `${BASE}/${id}`)).body.description).toBe('');
    // A delivery of one endpoint is not found under another of the same owner either.
    const ping = await request(p, owner, 'POST', `${BASE}/${id}/test`);
    const { endpoint: other } = await createEndpoint(owner, {
      url: ok.url,
      eventTypes: ['generation.failed'],
    });
    const cross = await request(p, owner, 'GET', `${BASE}/${other.id}/deliveries/${ping.body.delivery.id}`);
    expect(cross.status).toBe(404);
    expect((await request(p, undefined, 'GET', BASE)).status).toBe(401);

    // Three per account here (WEBHOOK_MAX_ENDPOINTS).
    await createEndpoint(owner, { url: ok.url, eventTypes: ['generation.failed'] });
    const full = await request(p, owner, 'POST', BASE, { url: ok.url, eventTypes: ['generation.failed'] });
    expect(full.status).toBe(409);
    expect(full.body.error).toMatchObject({
      code: 'limit_reached',
      details: { limit: 3, resource: 'webhook_endpoints' },
    });
    for (const e of (await request(p, owner, 'GET', BASE)).body.items)
      await request(p, owner, 'DELETE', `${BASE}/${e.id}`);
  });

  it('are managed with an API key holding webhooks:manage, and refused to one without it', async () => {
    const user = await newUser(p);
    const key = async (scopes: string[]) => {
      const res = await request(p, user, 'POST', '/v1/developer/keys', { name: 'hooks', scopes });
      expect(res.status).toBe(201);
      return { accessToken: res.body.secret as string };
    };
    const manager = await key(['webhooks:manage']);
    const created = await createEndpoint(manager, { url: ok.url, eventTypes: ['generation.completed'] });
    expect((await request(p, user, 'GET', `${BASE}/${created.endpoint.id}`)).status).toBe(200);
    expect((await request(p, manager, 'GET', BASE)).body.items).toHaveLength(1);
    const reader = await key(['generations:read']);
    const refused = await request(p, reader, 'GET', BASE);
    expect(refused.status).toBe(403);
    expect(refused.body.error.details).toMatchObject({ scope: 'webhooks:manage' });
  });
});

describe('test pings and redelivery', () => {
  it('sends a signed webhook.test once, logs it, and sends the same message again on redeliver', {
    timeout: 60_000,
  }, async () => {
    const user = await newUser(p);
    const { endpoint, secret } = await createEndpoint(user, {
      url: ok.url,
      eventTypes: ['generation.completed'],
    });
    ok.setSecret(secret);
    const before = ok.accepted().length;
    const ping = await request(p, user, 'POST', `${BASE}/${endpoint.id}/test`);
    expect(ping.status).toBe(202);
    expect(ping.body.delivery).toMatchObject({ eventType: 'webhook.test', state: 'pending', attempts: 0 });
    const deliveryId = ping.body.delivery.id as string;

    const got = await eventually(async () => ok.accepted().length > before && ok.accepted().at(-1), 20_000);
    expect(got.id).toBe(deliveryId);
    expect(got.payload).toMatchObject({ type: 'webhook.test', data: { endpointId: endpoint.id } });
    const delivered = await eventually(async () => {
      const d = await request(p, user, 'GET', `${BASE}/${endpoint.id}/deliveries/${deliveryId}`);
      return d.body.delivery.state === 'delivered' && d.body;
    }, 20_000);
    expect(delivered.delivery).toMatchObject({ attempts: 1, round: 1, lastStatus: 200, lastError: null });
    expect(delivered.delivery.payload).toEqual(got.payload);
    expect(delivered.attempts).toMatchObject([{ round: 1, attempt: 1, trigger: 'test', status: 200 }]);

    const again = await request(p, user, 'POST', `${BASE}/${endpoint.id}/deliveries/${deliveryId}/redeliver`);
    expect(again.status).toBe(202);
    expect(again.body.delivery).toMatchObject({ id: deliveryId, state: 'pending', round: 2, attempts: 0 });
    const resent = await eventually(async () => {
      const d = await request(p, user, 'GET', `${BASE}/${endpoint.id}/deliveries/${deliveryId}`);
      return d.body.delivery.state === 'delivered' && d.body;
    }, 20_000);
    expect(resent.attempts.map((a: Json) => [a.round, a.trigger, a.status])).toEqual([
      [1, 'test', 200],
      [2, 'manual', 200],
    ]);
    // The same message: same webhook-id and body, a fresh timestamp and signature.
    const both = ok.accepted().filter((r) => r.id === deliveryId);
    expect(both).toHaveLength(2);
    expect(both[1]!.body).toBe(both[0]!.body);

    const log = await request(p, user, 'GET', `${BASE}/${endpoint.id}/deliveries?limit=1`);
    expect(log.body).toMatchObject({ items: [{ id: deliveryId, state: 'delivered' }], nextCursor: null });
  });

  it('tries a failing ping once, without retries, and without counting it against the endpoint', {
    timeout: 60_000,
  }, async () => {
    const user = await newUser(p);
    const { endpoint, secret } = await createEndpoint(user, {
      url: failing.url,
      eventTypes: ['generation.completed'],
    });
    failing.setSecret(secret);
    failing.respond([], 500);
    const ping = await request(p, user, 'POST', `${BASE}/${endpoint.id}/test`);
    const deliveryId = ping.body.delivery.id as string;
    const failed = await eventually(async () => {
      const d = await request(p, user, 'GET', `${BASE}/${endpoint.id}/deliveries/${deliveryId}`);
      return d.body.delivery.state === 'failed' && d.body;
    }, 20_000);
    expect(failed.delivery).toMatchObject({ attempts: 1, lastStatus: 500, lastError: 'HTTP 500' });
    // Time for a retry that must not come.
    await new Promise((r) => setTimeout(r, 1500));
    expect(failing.received.filter((r) => r.id === deliveryId)).toHaveLength(1);
    expect((await request(p, user, 'GET', `${BASE}/${endpoint.id}`)).body.failureStreak).toBe(0);
  });
});
