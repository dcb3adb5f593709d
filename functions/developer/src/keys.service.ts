import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { apiKeys, apiScopes } from '@atelier/shared/db/schema';
import { API_KEY_PREFIX, newApiKey } from '@atelier/shared/developer/api-keys';
import { LimitReachedError, NotFoundError } from '@atelier/shared/errors';
import { and, count, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { type DeveloperDeps, MAX_ACTIVE_KEYS } from './deps';
import type { CreateKeyBody } from './schemas';

type KeyRow = typeof apiKeys.$inferSelect;
const DAY_MS = 86_400_000;

/** A key as its owner sees it: never the secret or its hash. */
export function presentKey(k: KeyRow, now: number) {
  const state = k.revokedAt ? 'revoked' : k.expiresAt && k.expiresAt.getTime() <= now ? 'expired' : 'active';
  return {
    id: k.id,
    name: k.name,
    prefix: `${API_KEY_PREFIX}${k.publicId}`,
    scopes: k.scopes,
    billing: k.billing,
    state,
    createdAt: k.createdAt,
    expiresAt: k.expiresAt,
    revokedAt: k.revokedAt,
    lastUsedAt: k.lastUsedAt,
    lastUsedIp: k.lastUsedIp,
  };
}

export async function listKeys(deps: DeveloperDeps, auth: AuthClaims) {
  const rows = await deps.db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.userId, auth.userId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  const now = deps.clock();
  return { items: rows.map((k) => presentKey(k, now)) };
}

/** A new key: the secret is in this answer and nowhere else, ever. */
export async function createKey(deps: DeveloperDeps, auth: AuthClaims, body: CreateKeyBody) {
  const now = new Date(deps.clock());
  return deps.db.transaction(async (tx) => {
    // One creation at a time per user, so the limit holds under concurrent requests.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`api-keys:${auth.userId}`}))`);
    const [active] = await tx
      .select({ n: count() })
      .from(apiKeys)
      .where(
        and(
          eq(apiKeys.userId, auth.userId),
          isNull(apiKeys.revokedAt),
          or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
        ),
      );
    if ((active?.n ?? 0) >= MAX_ACTIVE_KEYS)
      throw new LimitReachedError(MAX_ACTIVE_KEYS, 'api_keys', `At most ${MAX_ACTIVE_KEYS} active API keys`);
    const { publicId, secret, secretHash } = newApiKey();
    const [row] = await tx
      .insert(apiKeys)
      .values({
        publicId,
        userId: auth.userId,
        name: body.name,
        secretHash,
        // In the catalogue's order, whatever order they were asked in.
        scopes: apiScopes.filter((scope) => body.scopes.includes(scope)),
        billing: body.billing,
        expiresAt: body.expiresInDays ? new Date(now.getTime() + body.expiresInDays * DAY_MS) : null,
        createdAt: now,
      })
      .returning();
    return { key: presentKey(row!, now.getTime()), secret };
  });
}

/** Revoked at once on every instance (verification reads the row each request). Idempotent. */
export async function revokeKey(deps: DeveloperDeps, auth: AuthClaims, id: string) {
  const now = new Date(deps.clock());
  const mine = and(eq(apiKeys.id, id), eq(apiKeys.userId, auth.userId));
  const [revoked] = await deps.db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(mine, isNull(apiKeys.revokedAt)))
    .returning();
  if (revoked) return presentKey(revoked, now.getTime());
  const [earlier] = await deps.db.select().from(apiKeys).where(mine);
  if (!earlier) throw new NotFoundError('API key');
  return presentKey(earlier, now.getTime());
}
