import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { type ApiKeyBilling, type ApiScope, apiKeys, users } from '../db/schema';

export const API_KEY_PREFIX = 'atl_live_';
/** `atl_live_` + 20 hex (the key id, not secret) + `_` + 43 base64url (256 random bits). */
const keyShape = /^atl_live_([0-9a-f]{20})_([A-Za-z0-9_-]{43})$/;

export const looksLikeApiKey = (token: string) => token.startsWith(API_KEY_PREFIX);
const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** A new key: the whole secret (shown once) and what is stored (the key id and the secret's hash). */
export function newApiKey() {
  const publicId = randomBytes(10).toString('hex');
  const secret = `${API_KEY_PREFIX}${publicId}_${randomBytes(32).toString('base64url')}`;
  return { publicId, secret, secretHash: sha256(secret).toString('hex') };
}

/** What an API key says about its bearer, next to the user's claims. */
export interface ApiKeyClaims {
  id: string;
  publicId: string;
  scopes: ApiScope[];
  billing: ApiKeyBilling;
}

export type ApiKeyCheck =
  | { ok: true; userId: string; emailVerified: boolean; key: ApiKeyClaims }
  | { ok: false; reason: 'unknown' | 'revoked' | 'expired' };

/** How long last-used time and address may lag: one write a key a minute, not one a request. */
const LAST_USED_EVERY_MS = 60_000;

/**
 * Verifies `Bearer atl_live_…` keys: one indexed read by the key id and a constant-time compare of the
 * secret's hash. No cache, so a revocation holds from the next request on every instance.
 */
export function createApiKeyVerifier(db: Db, clock: () => number = Date.now) {
  return {
    async verify(token: string, ip?: string): Promise<ApiKeyCheck> {
      const match = keyShape.exec(token);
      if (!match) return { ok: false, reason: 'unknown' };
      const [row] = await db
        .select({
          id: apiKeys.id,
          publicId: apiKeys.publicId,
          userId: apiKeys.userId,
          secretHash: apiKeys.secretHash,
          scopes: apiKeys.scopes,
          billing: apiKeys.billing,
          expiresAt: apiKeys.expiresAt,
          revokedAt: apiKeys.revokedAt,
          lastUsedAt: apiKeys.lastUsedAt,
          emailVerifiedAt: users.emailVerifiedAt,
        })
        .from(apiKeys)
        .innerJoin(users, eq(users.id, apiKeys.userId))
        .where(eq(apiKeys.publicId, match[1]!));
      if (!row || !timingSafeEqual(sha256(token), Buffer.from(row.secretHash, 'hex')))
        return { ok: false, reason: 'unknown' };
      // The caller holds the real secret from here on: telling them why it stopped working helps.
      if (row.revokedAt) return { ok: false, reason: 'revoked' };
      const now = clock();
      if (row.expiresAt && row.expiresAt.getTime() <= now) return { ok: false, reason: 'expired' };
      if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_EVERY_MS) {
        // Not awaited: bookkeeping must not slow or fail the request.
        void db
          .update(apiKeys)
          .set({ lastUsedAt: new Date(now), lastUsedIp: ip ?? null })
          .where(
            and(
              eq(apiKeys.id, row.id),
              or(
                isNull(apiKeys.lastUsedAt),
                lt(apiKeys.lastUsedAt, sql`${new Date(now - LAST_USED_EVERY_MS).toISOString()}::timestamptz`),
              ),
            ),
          )
          .catch(() => {});
      }
      return {
        ok: true,
        userId: row.userId,
        emailVerified: row.emailVerifiedAt !== null,
        key: { id: row.id, publicId: row.publicId, scopes: row.scopes, billing: row.billing },
      };
    },
  };
}
export type ApiKeyVerifier = ReturnType<typeof createApiKeyVerifier>;
