import { createRemoteJWKSet, type JSONWebKeySet } from 'jose';
import { createAccessTokenVerifier } from './tokens';

export interface VerifierConfig {
  JWT_JWKS?: string | undefined;
  AUTH_JWKS_URL?: string | undefined;
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
}

/**
 * How a function learns the public keys: the JWKS itself (`JWT_JWKS`, what the local runner passes) or
 * the auth function's JWKS endpoint (`AUTH_JWKS_URL`, fetched and cached). No shared secret either way.
 */
export function verifierFromConfig(config: VerifierConfig) {
  const settings = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
  if (config.JWT_JWKS)
    return createAccessTokenVerifier(JSON.parse(config.JWT_JWKS) as JSONWebKeySet, settings);
  if (config.AUTH_JWKS_URL)
    return createAccessTokenVerifier(createRemoteJWKSet(new URL(config.AUTH_JWKS_URL)), settings);
  throw new Error('Set JWT_JWKS or AUTH_JWKS_URL so access tokens can be verified');
}
