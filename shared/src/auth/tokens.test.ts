import { createPublicKey } from 'node:crypto';
import { base64url, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateSigningKeyPem, jwks, loadSigningKey } from './keys';
import { ACCESS_TOKEN_TTL_SECONDS, createAccessTokenIssuer, createAccessTokenVerifier } from './tokens';

const settings = { issuer: 'https://atelier.test', audience: 'atelier' };

async function setup(clock = () => Date.now()) {
  const key = await loadSigningKey(generateSigningKeyPem());
  const issuer = createAccessTokenIssuer(key, { ...settings, clock });
  const verifier = createAccessTokenVerifier(jwks(key), { ...settings, clock });
  return { key, issuer, verifier };
}

describe('access tokens', () => {
  it('carries user and session, signed with EdDSA and a kid, valid for 15 minutes', async () => {
    const { key, issuer, verifier } = await setup();
    const { token, expiresAt } = await issuer.issue('user-1', 'session-1');
    const header = JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[0]!)));
    expect(header).toMatchObject({ alg: 'EdDSA', kid: key.kid });
    expect(Math.round((expiresAt.getTime() - Date.now()) / 1000)).toBeCloseTo(ACCESS_TOKEN_TTL_SECONDS, -1);
    expect(await verifier.verify(token)).toMatchObject({ userId: 'user-1', sessionId: 'session-1' });
  });

  it('refuses a tampered token', async () => {
    const { issuer, verifier } = await setup();
    const { token } = await issuer.issue('user-1', 'session-1');
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(new TextDecoder().decode(base64url.decode(p!)));
    const forged = `${h}.${base64url.encode(JSON.stringify({ ...payload, sub: 'admin' }))}.${s}`;
    await expect(verifier.verify(forged)).rejects.toThrow();
  });

  it('refuses an expired token, even one it has cached', async () => {
    let now = Date.now();
    const { issuer, verifier } = await setup(() => now);
    const { token } = await issuer.issue('user-1', 'session-1');
    await verifier.verify(token);
    now += (ACCESS_TOKEN_TTL_SECONDS + 1) * 1000;
    await expect(verifier.verify(token)).rejects.toThrow();
  });

  it('refuses alg none', async () => {
    const { verifier } = await setup();
    const token = new UnsecuredJWT({ sid: 's' })
      .setSubject('u')
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .encode();
    await expect(verifier.verify(token)).rejects.toThrow();
  });

  it('refuses HS256 signed with the public key as the secret', async () => {
    const { key, verifier } = await setup();
    const publicPem = createPublicKey(key.privateKey).export({ type: 'spki', format: 'pem' });
    const token = await new SignJWT({ sid: 's' })
      .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'at+jwt' })
      .setSubject('u')
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(String(publicPem)));
    await expect(verifier.verify(token)).rejects.toThrow();
  });

  it('refuses a token signed by a key it does not know (wrong kid)', async () => {
    const { verifier } = await setup();
    const other = await setup();
    const { token } = await other.issuer.issue('user-1', 'session-1');
    await expect(verifier.verify(token)).rejects.toThrow();
  });

  it('refuses another issuer or audience', async () => {
    const { key, verifier } = await setup();
    const foreign = createAccessTokenIssuer(key, { issuer: 'https://evil.test', audience: 'atelier' });
    await expect(verifier.verify((await foreign.issue('u', 's')).token)).rejects.toThrow();
    const otherAudience = createAccessTokenIssuer(key, { issuer: settings.issuer, audience: 'someone-else' });
    await expect(verifier.verify((await otherAudience.issue('u', 's')).token)).rejects.toThrow();
  });

  it('refuses keys that are not Ed25519', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    await expect(loadSigningKey(String(rsa))).rejects.toThrow(/Ed25519/);
  });
});
