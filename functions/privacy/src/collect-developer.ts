import type { DbOrTx } from '@atelier/shared/db';
import { apiKeys, apiUsage, webhookEndpoints } from '@atelier/shared/db/schema';
import { asc, eq } from 'drizzle-orm';

/**
 * The developer platform's rows about one user: API keys (never their secret's hash), their usage,
 * and webhook endpoints (never their signing secret). Deliveries are the endpoints' traffic, not
 * personal data, and stay out.
 */
export async function collectDeveloper(db: DbOrTx, userId: string) {
  const keys = await db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      publicId: apiKeys.publicId,
      scopes: apiKeys.scopes,
      billing: apiKeys.billing,
      createdAt: apiKeys.createdAt,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      lastUsedAt: apiKeys.lastUsedAt,
      lastUsedIp: apiKeys.lastUsedIp,
    })
    .from(apiKeys)
    .where(eq(apiKeys.userId, userId))
    .orderBy(asc(apiKeys.createdAt));
  return {
    apiKeys: keys,
    apiUsage: await db
      .select({
        keyId: apiUsage.keyId,
        day: apiUsage.day,
        requests: apiUsage.requests,
        generations: apiUsage.generations,
      })
      .from(apiUsage)
      .innerJoin(apiKeys, eq(apiKeys.id, apiUsage.keyId))
      .where(eq(apiKeys.userId, userId))
      .orderBy(asc(apiUsage.day)),
    webhookEndpoints: await db
      .select({
        id: webhookEndpoints.id,
        url: webhookEndpoints.url,
        description: webhookEndpoints.description,
        eventTypes: webhookEndpoints.eventTypes,
        enabled: webhookEndpoints.enabled,
        disabledReason: webhookEndpoints.disabledReason,
        createdAt: webhookEndpoints.createdAt,
      })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.userId, userId))
      .orderBy(asc(webhookEndpoints.createdAt)),
  };
}
