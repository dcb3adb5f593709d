import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type TestDnsServer } from '../../../runner/src/test-support/dns-server';
import { targetPolicy } from './config';
import { postWebhook } from './send';
import { generateSecret, sign, signedHeaders, verify } from './signing';
import { addressRange, checkTarget, parseAllowTargets, type TargetPolicy, type TargetRefused } from './ssrf';

describe('Standard Webhooks signing', () => {
  it('signs what an independent implementation verifies, and verifies what it signs', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = JSON.stringify({
      type: 'generation.completed',
      timestamp: '2026-01-01T00:00:00Z',
      data: {},
    });
    const now = Math.floor(Date.now() / 1000);
    const headers = signedHeaders(secret, 'msg_1', now, body);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    const theirs = new Webhook(secret);
    expect(theirs.verify(body, { ...headers })).toEqual(JSON.parse(body));
    // Tampered body, other id, or another secret: refused by them.
    expect(() => theirs.verify(`${body} `, { ...headers })).toThrow();
    expect(() => theirs.verify(body, { ...headers, 'webhook-id': 'msg_2' })).toThrow();
    expect(() => new Webhook(generateSecret()).verify(body, { ...headers })).toThrow();
    // Their signature passes our check; ours refuses stale timestamps and foreign signatures.
    const signed = theirs.sign('msg_1', new Date(now * 1000), body);
    expect(signed).toBe(sign(secret, 'msg_1', now, body));
    const h = { id: 'msg_1', timestamp: String(now), signature: `v1,bogus ${signed}` };
    expect(verify(secret, h, body)).toBe(true);
    expect(verify(secret, h, body, { nowS: now + 301 })).toBe(false);
    expect(verify(secret, { ...h, signature: 'v1,AAAA' }, body)).toBe(false);
  });
});

describe('SSRF rules', () => {
  let dns: TestDnsServer;
  let policy: TargetPolicy;
  beforeAll(async () => {
    dns = await startDnsServer({
      'public.example.test': ['93.184.215.14'],
      'loopback.example.test': ['127.0.0.1'],
      'private.example.test': ['10.0.0.1'],
      'metadata.example.test': ['169.254.169.254'],
      'v6-loopback.example.test': ['::1'],
      'mixed.example.test': ['93.184.215.14', '192.168.1.20'],
    });
    policy = targetPolicy({
      WEBHOOK_ALLOW_HTTP: false,
      WEBHOOK_ALLOW_TARGETS: '127.0.0.1:4567',
      WEBHOOK_DNS_SERVERS: dns.address,
    });
  });
  afterAll(() => dns?.stop());

  it('only public unicast addresses pass', () => {
    const refused: Record<string, string> = {
      '127.0.0.1': 'loopback',
      '127.1.2.3': 'loopback',
      '10.0.0.1': 'private',
      '172.16.5.4': 'private',
      '192.168.1.1': 'private',
      '169.254.169.254': 'linkLocal',
      '100.64.0.1': 'carrierGradeNat',
      '0.0.0.0': 'unspecified',
      '224.0.0.1': 'multicast',
      '255.255.255.255': 'broadcast',
      '::1': 'loopback',
      '::': 'unspecified',
      'fc00::1': 'uniqueLocal',
      'fd12:3456::1': 'uniqueLocal',
      'fe80::1': 'linkLocal',
      'ff02::1': 'multicast',
      '::ffff:127.0.0.1': 'loopback',
      '::ffff:10.0.0.1': 'private',
      '::ffff:169.254.169.254': 'linkLocal',
      '::7f00:1': 'reserved',
      '64:ff9b::a00:1': 'rfc6052',
      '2002:a00:1::': '6to4',
    };
    for (const [address, range] of Object.entries(refused))
      expect(addressRange(address), address).toBe(range);
    for (const ok of ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect(addressRange(ok), ok).toBe('unicast');
  });

  const refusal = (url: string, p = policy) =>
    checkTarget(url, p).then(
      () => 'allowed',
      (err: TargetRefused) => `${err.reason}${err.range ? `:${err.range}` : ''}`,
    );

  it('refuses literal private addresses, in every spelling', async () => {
    expect(await refusal('https://127.0.0.1/hook')).toBe('address_not_allowed:loopback');
    expect(await refusal('https://10.0.0.1/hook')).toBe('address_not_allowed:private');
    expect(await refusal('https://169.254.169.254/latest/meta-data')).toBe('address_not_allowed:linkLocal');
    expect(await refusal('https://[::1]/')).toBe('address_not_allowed:loopback');
    expect(await refusal('https://[::ffff:127.0.0.1]/')).toBe('address_not_allowed:loopback');
    expect(await refusal('https://[fd00::1]/')).toBe('address_not_allowed:uniqueLocal');
    expect(await refusal('https://0x7f000001/')).toBe('address_not_allowed:loopback');
    expect(await refusal('https://2130706433/')).toBe('address_not_allowed:loopback');
    expect(await refusal('https://0/')).toBe('address_not_allowed:unspecified');
  });

  it('refuses host names that resolve inside (over real DNS), and any with one private address', async () => {
    expect(await refusal('https://loopback.example.test/')).toBe('address_not_allowed:loopback');
    expect(await refusal('https://private.example.test/')).toBe('address_not_allowed:private');
    expect(await refusal('https://metadata.example.test/')).toBe('address_not_allowed:linkLocal');
    expect(await refusal('https://v6-loopback.example.test/')).toBe('address_not_allowed:loopback');
    expect(await refusal('https://mixed.example.test/')).toBe('address_not_allowed:private');
    expect(await refusal('https://nowhere.example.test/')).toBe('unresolvable');
    const ok = await checkTarget('https://public.example.test/hooks?x=1', policy);
    expect(ok).toMatchObject({ host: 'public.example.test', port: 443, address: '93.184.215.14', family: 4 });
  });

  it('wants https (http only where configured), no credentials, and allows exact address:port pairs only', async () => {
    expect(await refusal('http://public.example.test/')).toBe('https_required');
    expect(await refusal('https://user:pw@public.example.test/')).toBe('credentials_in_url');
    const local = { ...policy, allowHttp: true };
    expect(await refusal('http://public.example.test/', local)).toBe('allowed');
    expect(await refusal('http://127.0.0.1:4567/', local)).toBe('allowed');
    expect(await refusal('http://loopback.example.test:4567/', local)).toBe('allowed');
    expect(await refusal('http://127.0.0.1:4568/', local)).toBe('address_not_allowed:loopback');
    expect(await refusal('http://127.0.0.2:4567/', local)).toBe('address_not_allowed:loopback');
    expect(await refusal('http://10.0.0.1:4567/', local)).toBe('address_not_allowed:private');
    expect([...parseAllowTargets(' 127.0.0.1:1, [::1]:2 ')]).toEqual(['127.0.0.1:1', '[::1]:2']);
    expect(() => parseAllowTargets('10.0.0.0/8')).toThrow();
    expect(() => parseAllowTargets('localhost:80')).toThrow();
  });
});

describe('one try', () => {
  let dns: TestDnsServer;
  let server: Server;
  let port: number;
  const seen: Array<{ path: string; host: string }> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ path: req.url ?? '', host: req.headers.host ?? '' });
      req.resume();
      if (req.url === '/redirect') {
        res.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end();
      } else if (req.url === '/slow') {
        // never answers
      } else res.writeHead(204).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    dns = await startDnsServer({ 'receiver.example.test': ['127.0.0.1'] });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await dns.stop();
  });

  const policyFor = (targets: string) =>
    targetPolicy({
      WEBHOOK_ALLOW_HTTP: true,
      WEBHOOK_ALLOW_TARGETS: targets,
      WEBHOOK_DNS_SERVERS: dns.address,
    });
  const post = (url: string, policy: TargetPolicy, timeoutMs = 5000) =>
    postWebhook({ url, headers: { 'webhook-id': 'msg_1' }, body: '{}', policy, timeoutMs });

  it('connects to the address it checked (the name is never looked up again)', async () => {
    const before = dns.queries.length;
    const r = await post(`http://receiver.example.test:${port}/in`, policyFor(`127.0.0.1:${port}`));
    expect(r).toMatchObject({ kind: 'response', status: 204 });
    expect(seen.at(-1)).toEqual({ path: '/in', host: `receiver.example.test:${port}` });
    // One A and one AAAA question, by the check; the connection asked nothing (a second lookup
    // through the system resolver could not even find this name).
    expect(dns.queries.slice(before)).toEqual(['receiver.example.test', 'receiver.example.test']);
  });

  it('refuses before connecting when the name now resolves inside', async () => {
    const count = seen.length;
    dns.set('receiver.example.test', ['127.0.0.1']);
    const r = await post(`http://receiver.example.test:${port}/in`, policyFor(''));
    expect(r).toMatchObject({ kind: 'refused' });
    expect(seen.length).toBe(count);
  });

  it('does not follow redirects, and gives up after the timeout', async () => {
    const policy = policyFor(`127.0.0.1:${port}`);
    const count = seen.length;
    expect(await post(`http://127.0.0.1:${port}/redirect`, policy)).toMatchObject({
      kind: 'response',
      status: 302,
    });
    expect(seen.slice(count).map((s) => s.path)).toEqual(['/redirect']);
    const slow = await post(`http://127.0.0.1:${port}/slow`, policy, 300);
    expect(slow).toMatchObject({ kind: 'network', timedOut: true });
    expect(slow.latencyMs).toBeGreaterThanOrEqual(250);
    expect(await post(`http://127.0.0.1:1/closed`, policyFor('127.0.0.1:1'))).toMatchObject({
      kind: 'network',
      timedOut: false,
    });
  });
});
