import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { LimitReachedError, UnauthorizedError, ValidationError } from '@atelier/shared/errors';
import { parseQuery } from '@atelier/shared/http/validate';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ConnectionCap } from './cap';
import { StreamConnection } from './connection';
import type { StreamDeps } from './deps';
import type { Hub } from './hub';
import { lastEventId, streamQuery } from './schemas';

/**
 * The header wins over the query. The query form exists for EventSource; the access log records the
 * path only (never the query string), so the token is not written anywhere.
 */
async function authenticate(
  deps: StreamDeps,
  c: Context,
  queryToken: string | undefined,
): Promise<AuthClaims> {
  const header = c.req.header('authorization') ?? '';
  const token = /^bearer /i.test(header) ? header.slice(7).trim() : (queryToken ?? '');
  if (!token) throw new UnauthorizedError('A bearer access token (or ?access_token=) is required');
  let claims: AuthClaims;
  try {
    claims = await deps.verifier.verify(token);
  } catch {
    throw new UnauthorizedError('The access token is invalid or expired');
  }
  if (deps.revocations.isRevoked(claims.sessionId))
    throw new UnauthorizedError('The session has been revoked');
  return claims;
}

/** GET /v1/stream: the signed-in user's live notifications as Server-Sent Events. */
export function streamRoutes(deps: StreamDeps, hub: Hub, cap: ConnectionCap) {
  const open = new Set<StreamConnection>();

  // One ticker for every stream here: heartbeats, the cap's lease, and streams whose token lapsed.
  const ticker = setInterval(() => {
    const now = deps.clock();
    for (const conn of open) {
      if (deps.revocations.isRevoked(conn.claims.sessionId)) conn.bye('session_revoked');
      else if (conn.claims.exp * 1000 <= now) conn.bye('token_expired');
      else conn.heartbeat();
    }
    void cap
      .refresh([...open].map((c) => ({ userId: c.userId, connectionId: c.id })))
      .catch((err: Error) => deps.log.warn({ err: err.message }, 'stream leases not refreshed'));
  }, deps.limits.heartbeatMs);
  ticker.unref();

  const app = new Hono();
  app.get('/v1/stream', async (c) => {
    const q = parseQuery(c, streamQuery);
    const claims = await authenticate(deps, c, q.access_token);
    const rawId = c.req.header('last-event-id') ?? q.lastEventId;
    const resume = rawId === undefined ? undefined : lastEventId.safeParse(rawId.trim());
    if (resume && !resume.success)
      throw new ValidationError('Invalid Last-Event-ID', [
        { path: 'lastEventId', message: 'must be an id this stream sent' },
      ]);

    let done!: () => void;
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    const admitId = crypto.randomUUID();
    if (!(await cap.admit(claims.userId, admitId)))
      throw new LimitReachedError(
        deps.limits.connectionsPerUser,
        'stream_connections',
        `At most ${deps.limits.connectionsPerUser} live connections per user: close another tab or window`,
      );

    c.header('x-accel-buffering', 'no'); // proxies must not hold events back
    return streamSSE(c, async (sse) => {
      const conn = new StreamConnection(admitId, sse, claims, deps.db, deps.limits.replayMax, () => done());
      sse.onAbort(() => conn.close());
      open.add(conn);
      try {
        await hub.join(claims.userId, conn);
        await conn.start(resume?.data);
        await finished;
      } catch (err) {
        deps.log.warn({ err: (err as Error).message }, 'stream ended by an error');
      } finally {
        conn.close();
        open.delete(conn);
        hub.leave(claims.userId, conn);
        await cap.release(claims.userId, admitId).catch(() => {});
      }
    });
  });
  return { app, close: () => clearInterval(ticker), open };
}
