import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningKeyPem, jwks, loadSigningKey } from '@atelier/shared/auth/keys';
import { ACCESS_TOKEN_TTL_SECONDS } from '@atelier/shared/auth/tokens';
import type { JSONWebKeySet, JWK } from 'jose';

/** Public keys of rotated-out signing keys, kept in the JWKS until the tokens they signed have expired. */
export const PREVIOUS_KEYS_FILE = 'jwt-previous-keys.json';

interface PreviousKey {
  jwk: JWK;
  /** ms since the epoch: the last moment a token this key signed can still be valid. */
  notAfter: number;
}

function readPrevious(dir: string): PreviousKey[] {
  const file = join(dir, PREVIOUS_KEYS_FILE);
  if (!existsSync(file)) return [];
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PreviousKey[];
  } catch {
    return [];
  }
}

/** Writes a file whole or not at all (a reader never sees half a key). */
function writeAtomically(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** The JWKS the local runner hands to functions: the current key first, then unexpired previous ones. */
export async function localJwks(dir: string, now = Date.now()): Promise<JSONWebKeySet> {
  const current = await loadSigningKey(readFileSync(join(dir, 'jwt-private-key'), 'utf8'));
  const previous = readPrevious(dir)
    .filter((k) => k.notAfter > now && k.jwk.kid !== current.kid)
    .map((k) => k.jwk);
  return jwks(current, previous);
}

/**
 * The local flavour of `atelier keys rotate`: a new Ed25519 key in `secrets/jwt-private-key` signs from
 * now on; the old key's public half moves to `secrets/jwt-previous-keys.json` with the time its last token
 * expires (15 min access tokens + 1 min of clock skew), so functions keep accepting tokens it signed.
 */
export async function rotateLocalKeys(
  dir: string,
  env: Record<string, string | undefined>,
  now = Date.now(),
): Promise<{ kid: string; previous: string[] }> {
  if (env.JWT_PRIVATE_KEY)
    throw new Error(
      'JWT_PRIVATE_KEY is set, so the signing key comes from the environment: set the new key there and restart (docs/operations.md#rotating-the-jwt-signing-key)',
    );
  const keyFile = join(dir, 'jwt-private-key');
  const old = await loadSigningKey(readFileSync(keyFile, 'utf8'));
  const previous = [
    ...readPrevious(dir).filter((k) => k.notAfter > now && k.jwk.kid !== old.kid),
    { jwk: old.publicJwk, notAfter: now + (ACCESS_TOKEN_TTL_SECONDS + 60) * 1000 },
  ];
  // The public half first: a reader that sees the new private key already finds the old one kept.
  writeAtomically(join(dir, PREVIOUS_KEYS_FILE), `${JSON.stringify(previous, null, 2)}\n`);
  const pem = generateSigningKeyPem();
  writeAtomically(keyFile, pem);
  const next = await loadSigningKey(pem);
  return { kid: next.kid, previous: previous.map((k) => k.jwk.kid!) };
}
