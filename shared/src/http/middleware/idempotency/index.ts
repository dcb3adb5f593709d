import { createHash } from 'node:crypto';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import type { AuthClaims } from '../../../auth/tokens';
import type { DbOrTx } from '../../../db';
import { idempotencyKeys } from '../../../db/schema';
import { AppError, ValidationError } from '../../../errors';
import '../../context';

declare module 'hono' {
  interface ContextVariableMap {
    /**
     * Top-level fields of this answer that are secrets shown once (a webhook's signing secret): the
     * copy kept for replays leaves them out, so no secret sits in the idempotency table.
     */
    secretFields: string[];
  }
}

/** A key names one request for a day; after that the same key starts afresh (docs/idempotency.md). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
/**
 * A claim still running after this long belongs to a request that died (the gateway gives up on a
 * function after 30 s): a retry with the same request may take it over.
 */
export const ABANDONED_AFTER_MS = 2 * 60_000;
/** Response headers replayed with the stored answer (the rest are the platform's own, per request). */
const KEPT_HEADERS = ['content-type', 'location'] as const;
/** Printable ASCII, 1–255 characters. */
const KEY_SHAPE = /^[\x20-\x7e]{1,255}$/;

export interface IdempotencyOptions {
  db: DbOrTx;
  clock?: () => number;
  /** How long a duplicate waits for the first request with its key to finish before a 409. */
  waitMs?: number;
}

interface StoredRow {
  method: string;
  path: string;
  bodyHash: string;
  status: number | null;
  body: string | null;
  headers: Record<string, string>;
  createdAt: Date;
}

/** Who a key belongs to: the API key when one authenticated the request, else the signed-in user. */
export function principalOf(auth: AuthClaims): string {
  const apiKey = (auth as AuthClaims & { apiKey?: { id: string } }).apiKey;
  return apiKey ? `key:${apiKey.id}` : `user:${auth.userId}`;
}

/** Whether an answer is kept for replays: everything but server failures and rate limits (retryable). */
const kept = (status: number) => status < 500 && status !== 429;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `Idempotency-Key` on POSTs (after requireAuth). Without the header nothing changes. With it, the first
 * request claims the key (one insert that only one racer wins), runs, and stores its answer; the same
 * key with the same method, path and body gets that answer again with `Idempotent-Replayed: true`; with
 * anything else 422 `idempotency_key_reused`. A duplicate arriving while the first still runs waits
 * for its answer (up to `waitMs`, then 409 `idempotency_in_progress`). A 5xx, a 429 or a thrown error
 * gives the key up, so the client may retry with it.
 */
export function idempotency({
  db,
  clock = Date.now,
  waitMs = 10_000,
}: IdempotencyOptions): MiddlewareHandler {
  // Registered on overlapping paths it would meet a request twice and wait on its own claim.
  const seen = new WeakSet<Context>();
  return async function idempotencyMiddleware(c, next) {
    if (c.req.method !== 'POST' || seen.has(c)) return next();
    seen.add(c);
    const key = c.req.header('idempotency-key');
    if (key === undefined) return next();
    if (!KEY_SHAPE.test(key)) {
      throw new ValidationError('Invalid Idempotency-Key header', [
        { path: 'Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters' },
      ]);
    }
    const auth = c.get('auth');
    if (!auth) throw new Error('idempotency() must run after requireAuth()');
    const principal = principalOf(auth);
    const url = new URL(c.req.url);
    const request = {
      method: c.req.method,
      path: url.pathname + url.search,
      // Hono keeps the bytes: the handler's c.req.json() reads them again.
      bodyHash: createHash('sha256')
        .update(new Uint8Array(await c.req.arrayBuffer()))
        .digest('hex'),
    };
    const same = (row: StoredRow) =>
      row.method === request.method && row.path === request.path && row.bodyHash === request.bodyHash;
    const where = and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key));

    // Waiting is measured on the monotonic clock; `clock` dates the keys.
    const deadline = performance.now() + waitMs;
    let pause = 20;
    for (;;) {
      const claimedAt = await claim(db, principal, key, request, clock());
      if (claimedAt) return run(c, next, db, where, claimedAt, clock);

      const [row] = await db
        .select({
          method: idempotencyKeys.method,
          path: idempotencyKeys.path,
          bodyHash: idempotencyKeys.bodyHash,
          status: idempotencyKeys.status,
          body: idempotencyKeys.body,
          headers: idempotencyKeys.headers,
          createdAt: idempotencyKeys.createdAt,
        })
        .from(idempotencyKeys)
        .where(where);
      const live = row && row.createdAt.getTime() > clock() - IDEMPOTENCY_TTL_MS ? row : undefined;
      if (live && !same(live)) {
        throw new AppError(
          'idempotency_key_reused',
          422,
          'This Idempotency-Key was already used for a different request (another body, path or method)',
        );
      }
      if (live && live.status !== null) {
        const headers = { ...live.headers, 'idempotent-replayed': 'true' };
        return live.body === null
          ? c.body(null, live.status as 204, headers)
          : c.body(live.body, live.status as 200, headers);
      }
      // Still running; or gone (the first request failed and let go) or expired, for the next turn to claim.
      if (performance.now() >= deadline) {
        c.header('retry-after', '1');
        throw new AppError(
          'idempotency_in_progress',
          409,
          'A request with this Idempotency-Key is still being processed; retry shortly',
        );
      }
      if (live) {
        await sleep(Math.min(pause, Math.max(1, deadline - performance.now())));
        pause = Math.min(pause * 2, 250);
      }
    }
  };
}

/**
 * Claims the key for this request: inserts the running row, or takes over one that has expired, or a
 * running one for the same request that was abandoned. Answers the claim's time (its token), or
 * undefined when another request holds the key.
 */
async function claim(
  db: DbOrTx,
  principal: string,
  key: string,
  request: { method: string; path: string; bodyHash: string },
  now: number,
): Promise<Date | undefined> {
  const t = idempotencyKeys;
  const createdAt = new Date(now);
  const [row] = await db
    .insert(t)
    .values({ principal, key, ...request, createdAt })
    .onConflictDoUpdate({
      target: [t.principal, t.key],
      set: {
        method: request.method,
        path: request.path,
        bodyHash: request.bodyHash,
        status: null,
        body: null,
        headers: {},
        createdAt,
        completedAt: null,
      },
      where: or(
        lt(t.createdAt, new Date(now - IDEMPOTENCY_TTL_MS)),
        and(
          isNull(t.status),
          lt(t.createdAt, new Date(now - ABANDONED_AFTER_MS)),
          eq(t.method, request.method),
          eq(t.path, request.path),
          eq(t.bodyHash, request.bodyHash),
        ),
      ),
    })
    .returning({ createdAt: t.createdAt });
  return row?.createdAt;
}

/** Runs the request as the key's holder; keeps its answer, or lets the key go when it failed. */
async function run(
  c: Context,
  next: () => Promise<void>,
  db: DbOrTx,
  where: ReturnType<typeof and>,
  claimedAt: Date,
  clock: () => number,
) {
  // Only this claim's row: a slow request whose claim was taken over must not touch the new one.
  const mine = and(where, eq(idempotencyKeys.createdAt, claimedAt), isNull(idempotencyKeys.status));
  const release = () => db.delete(idempotencyKeys).where(mine);
  try {
    await next();
  } catch (err) {
    await release().catch(() => {});
    throw err;
  }
  // A thrown error is already an answer here (the app's error renderer ran): its status decides.
  const res = c.res;
  if (!kept(res.status)) {
    await release();
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = res.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  let body = res.body ? await res.clone().text() : null;
  const secrets = c.get('secretFields');
  if (body && secrets?.length) {
    const kept = JSON.parse(body) as Record<string, unknown>;
    for (const field of secrets) delete kept[field];
    body = JSON.stringify(kept);
  }
  await db
    .update(idempotencyKeys)
    .set({ status: res.status, body, headers, completedAt: new Date(clock()) })
    .where(mine);
}

/** Deletes keys past their day (run by the developer function's cron); answers how many. */
export async function deleteExpiredIdempotencyKeys(db: DbOrTx, now: Date): Promise<number> {
  const result = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS)));
  return (result as unknown as { count: number }).count;
}
