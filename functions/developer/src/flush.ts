import { randomUUID } from 'node:crypto';
import { apiKeys, apiUsage, usageFlushes } from '@atelier/shared/db/schema';
import { usageKeys } from '@atelier/shared/developer/limits';
import { inArray, lt, sql } from 'drizzle-orm';
import type { DeveloperDeps } from './deps';

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function scan(deps: DeveloperDeps, match: string): Promise<string[]> {
  const found: string[] = [];
  for await (const keys of deps.redis.scanStream({ match, count: 200 })) found.push(...(keys as string[]));
  return found;
}

/**
 * Moves the per-day usage counters from Redis into `developer.api_usage`. Each day's hash is first
 * renamed aside (atomic: new requests start a fresh hash), then added in one transaction that also
 * records the flush's name, so a flush retried after a crash between commit and DEL adds nothing.
 * Returns how many hashes were added.
 */
export async function flushUsage(deps: DeveloperDeps): Promise<number> {
  const keys = usageKeys(deps.namespace);
  const prefix = keys.day('');
  for (const key of await scan(deps, keys.dayPattern)) {
    // Another instance may have moved it a moment ago.
    await deps.redis.rename(key, keys.flushing(key.slice(prefix.length), randomUUID())).catch(() => {});
  }
  let added = 0;
  for (const key of await scan(deps, keys.flushPattern)) {
    const day = key.slice(keys.flushPattern.length - 1).split(':')[0]!;
    const fields = await deps.redis.hgetall(key);
    const counts = new Map<string, { requests: number; generations: number }>();
    for (const [field, value] of Object.entries(fields)) {
      const [keyId, kind] = field.split(':');
      if (!keyId || !uuidShape.test(keyId)) continue;
      const c = counts.get(keyId) ?? { requests: 0, generations: 0 };
      if (kind === 'g') c.generations += Number(value);
      else c.requests += Number(value);
      counts.set(keyId, c);
    }
    await deps.db.transaction(async (tx) => {
      const [claimed] = await tx.insert(usageFlushes).values({ id: key }).onConflictDoNothing().returning();
      if (!claimed || counts.size === 0) return;
      // Keys deleted with their owner meanwhile have nowhere to go.
      const known = await tx
        .select({ id: apiKeys.id })
        .from(apiKeys)
        .where(inArray(apiKeys.id, [...counts.keys()]));
      const rows = known.map(({ id }) => ({ keyId: id, day, ...counts.get(id)! }));
      if (rows.length === 0) return;
      await tx
        .insert(apiUsage)
        .values(rows)
        .onConflictDoUpdate({
          target: [apiUsage.keyId, apiUsage.day],
          set: {
            requests: sql`${apiUsage.requests} + excluded.requests`,
            generations: sql`${apiUsage.generations} + excluded.generations`,
          },
        });
    });
    await deps.redis.del(key);
    added++;
  }
  // Flush names are only needed while a retry of the same hash could come.
  await deps.db
    .delete(usageFlushes)
    .where(lt(usageFlushes.createdAt, new Date(deps.clock() - 7 * 86_400_000)));
  return added;
}
