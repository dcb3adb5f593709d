import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { entitlementsFor } from '@atelier/shared/billing/plans';
import { apiKeys, apiUsage } from '@atelier/shared/db/schema';
import { API_KEY_PREFIX } from '@atelier/shared/developer/api-keys';
import { usageKeys, utcDay } from '@atelier/shared/developer/limits';
import { NotFoundError } from '@atelier/shared/errors';
import { and, eq, gte, inArray } from 'drizzle-orm';
import type { DeveloperDeps } from './deps';

const DAY_MS = 86_400_000;

/**
 * Requests and generations per day over the last `days` UTC days (oldest first, empty days as zeros),
 * totals per key, and this month's quota. Flushed days come from PostgreSQL; what the keys did since the
 * last flush (at most a minute) is read live from the Redis counters, so the chart moves at once.
 */
export async function usageOf(
  deps: DeveloperDeps,
  auth: AuthClaims,
  q: { days: number; keyId?: string | undefined },
) {
  const now = deps.clock();
  const keys = await deps.db
    .select({ id: apiKeys.id, name: apiKeys.name, publicId: apiKeys.publicId })
    .from(apiKeys)
    .where(and(eq(apiKeys.userId, auth.userId), q.keyId ? eq(apiKeys.id, q.keyId) : undefined));
  if (q.keyId && keys.length === 0) throw new NotFoundError('API key');
  const dayList = Array.from({ length: q.days }, (_, i) => utcDay(new Date(now - (q.days - 1 - i) * DAY_MS)));
  const byDay = new Map(dayList.map((d) => [d, { day: d, requests: 0, generations: 0 }]));
  const byKey = new Map(
    keys.map((k) => [
      k.id,
      { keyId: k.id, name: k.name, prefix: `${API_KEY_PREFIX}${k.publicId}`, requests: 0, generations: 0 },
    ]),
  );
  const add = (keyId: string, day: string, requests: number, generations: number) => {
    const d = byDay.get(day);
    const k = byKey.get(keyId);
    if (!d || !k) return;
    d.requests += requests;
    d.generations += generations;
    k.requests += requests;
    k.generations += generations;
  };
  const ids = keys.map((k) => k.id);
  if (ids.length > 0) {
    const rows = await deps.db
      .select()
      .from(apiUsage)
      .where(and(inArray(apiUsage.keyId, ids), gte(apiUsage.day, dayList[0]!)));
    for (const r of rows) add(r.keyId, r.day, r.requests, r.generations);
    const today = utcDay(new Date(now));
    const live = await deps.redis.hmget(
      usageKeys(deps.namespace).day(today),
      ...ids.flatMap((id) => [id, `${id}:g`]),
    );
    for (const [i, id] of ids.entries())
      add(id, today, Number(live[2 * i] ?? 0), Number(live[2 * i + 1] ?? 0));
  }
  const at = new Date(now);
  const month = at.toISOString().slice(0, 7);
  const used = Number((await deps.redis.get(`${deps.namespace}:dev:quota:${auth.userId}:${month}`)) ?? 0);
  const { apiRequestsPerMonth } = await entitlementsFor(deps.db, { userId: auth.userId });
  return {
    days: [...byDay.values()],
    keys: [...byKey.values()],
    quota: {
      limit: apiRequestsPerMonth,
      used,
      resetsAt: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1)).toISOString(),
    },
    rateLimit: { perMinute: deps.perMinute },
  };
}
