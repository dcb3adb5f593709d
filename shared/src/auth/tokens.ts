import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey, jwtVerify, SignJWT } from 'jose';
import type { ApiKeyClaims } from '../developer/api-keys';
import type { SigningKey } from './keys';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

/** What a verified access token says about its bearer. */
export interface AuthClaims {
  userId: string;
  sessionId: string;
  /** Unverified accounts may sign in but not generate or pay (PRODUCT.md §1). */
  emailVerified: boolean;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** Set when the bearer is an API key (`atl_live_…`): the key and its scopes. */
  apiKey?: ApiKeyClaims;
}

export interface TokenSettings {
  issuer: string;
  audience: string;
  clock?: () => number;
}

export function createAccessTokenIssuer(key: SigningKey, settings: TokenSettings) {
  const now = () => Math.floor((settings.clock ?? Date.now)() / 1000);
  return {
    async issue(
      userId: string,
      sessionId: string,
      opts: { emailVerified?: boolean } = {},
    ): Promise<{ token: string; expiresAt: Date }> {
      const iat = now();
      const exp = iat + ACCESS_TOKEN_TTL_SECONDS;
      const token = await new SignJWT({ sid: sessionId, ev: opts.emailVerified === true })
        .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'at+jwt' })
        .setSubject(userId)
        .setIssuer(settings.issuer)
        .setAudience(settings.audience)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(key.privateKey);
      return { token, expiresAt: new Date(exp * 1000) };
    },
  };
}

const CACHE_MAX = 10_000;

/**
 * Verifies access tokens against a JWKS: EdDSA only (so `none` and HS256-with-the-public-key are refused),
 * a known `kid`, our issuer and audience, not expired. A token is checked once per process and its claims
 * cached until it expires; the expiry is still enforced on every call.
 */
export function createAccessTokenVerifier(keys: JSONWebKeySet | JWTVerifyGetKey, settings: TokenSettings) {
  const getKey = typeof keys === 'function' ? keys : createLocalJWKSet(keys);
  const clock = settings.clock ?? Date.now;
  const cache = new Map<string, AuthClaims>();
  return {
    async verify(token: string): Promise<AuthClaims> {
      const nowS = Math.floor(clock() / 1000);
      const cached = cache.get(token);
      if (cached && cached.exp > nowS) return cached;
      if (cached) cache.delete(token);
      const { payload } = await jwtVerify(token, getKey, {
        algorithms: ['EdDSA'],
        issuer: settings.issuer,
        audience: settings.audience,
        typ: 'at+jwt',
        currentDate: new Date(clock()),
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      if (typeof payload.sid !== 'string' || !payload.sub) throw new Error('token lacks a session');
      const claims: AuthClaims = {
        userId: payload.sub,
        sessionId: payload.sid,
        emailVerified: payload.ev === true,
        exp: payload.exp!,
      };
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!); // oldest first
      cache.set(token, claims);
      return claims;
    },
  };
}
export type AccessTokenVerifier = ReturnType<typeof createAccessTokenVerifier>;
