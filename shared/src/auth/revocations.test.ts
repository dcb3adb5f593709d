import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { createFunction } from '../http/create-function';
import { requireAuth } from '../http/middleware/require-auth';
import { createLogger } from '../log';
import { createRedis } from '../redis';
import { generateSigningKeyPem, jwks, loadSigningKey } from './keys';
import { RevocationList } from './revocations';
import { createAccessTokenIssuer, createAccessTokenVerifier } from './tokens';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('session revocation across processes', () => {
  const clients = [createRedis({ REDIS_URL }), createRedis({ REDIS_URL })];
  const lists: RevocationList[] = [];
  afterAll(async () => {
    for (const l of lists) await l.stop();
    for (const c of clients) c.disconnect();
  });
  const start = async (i: number) => {
    const list = new RevocationList(clients[i]!);
    await list.start();
    lists.push(list);
    return list;
  };

  it('reaches every process within moments, and a process started later learns it too', async () => {
    const [a, b] = [await start(0), await start(1)];
    const sid = randomUUID();
    expect(b.isRevoked(sid)).toBe(false);
    await a.revoke([sid]);
    expect(a.isRevoked(sid)).toBe(true);
    for (let i = 0; i < 50 && !b.isRevoked(sid); i++) await wait(20);
    expect(b.isRevoked(sid)).toBe(true);
    const late = await start(1);
    expect(late.isRevoked(sid)).toBe(true);
  });

  it('lets requireAuth refuse a revoked session at once while other sessions go on', async () => {
    const key = await loadSigningKey(generateSigningKeyPem());
    const settings = { issuer: 'https://atelier.test', audience: 'atelier' };
    const issuer = createAccessTokenIssuer(key, settings);
    const verifier = createAccessTokenVerifier(jwks(key), settings);
    const revocations = await start(0);
    const elsewhere = await start(1);
    const { app } = createFunction({
      name: 't',
      version: '0',
      log: createLogger({ name: 't', level: 'silent' }),
    });
    const me = new Hono()
      .use(requireAuth({ verifier, revocations }))
      .get('/me', (c) => c.json(c.get('auth')));
    app.route('/', me);

    const good = (await issuer.issue('user-1', randomUUID())).token;
    const doomedSid = randomUUID();
    const doomed = (await issuer.issue('user-1', doomedSid)).token;
    expect((await app.request('/me')).status).toBe(401);
    expect((await app.request('/me', { headers: { authorization: 'Bearer not.a.jwt' } })).status).toBe(401);
    expect((await app.request('/me', { headers: { authorization: `bearer ${doomed}` } })).status).toBe(200);

    await elsewhere.revoke([doomedSid]); // another process (e.g. the auth function) revokes it
    let status = 200;
    for (let i = 0; i < 50 && status === 200; i++) {
      await wait(20);
      status = (await app.request('/me', { headers: { authorization: `Bearer ${doomed}` } })).status;
    }
    expect(status).toBe(401);
    const res = await app.request('/me', { headers: { authorization: `Bearer ${good}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ userId: 'user-1' });
  });
});
