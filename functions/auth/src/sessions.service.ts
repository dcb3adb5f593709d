import { hashToken, newOpaqueToken } from '@atelier/shared/auth/opaque';
import { verifyNothing, verifyPassword } from '@atelier/shared/auth/passwords';
import type { AuthClaims } from '@atelier/shared/auth/tokens';
import type { Tx } from '@atelier/shared/db';
import { refreshTokens, sessions, users } from '@atelier/shared/db/schema';
import { AppError, NotFoundError, RateLimitedError } from '@atelier/shared/errors';
import { hit } from '@atelier/shared/rate-limit';
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import {
  type AuthDeps,
  FAILURE_WINDOW_MS,
  LOCK_AFTER_FAILURES,
  lockMs,
  MAX_SESSIONS,
  REFRESH_TTL_MS,
} from './deps';
import { newMfaChallenge } from './mfa-challenge';

export interface ClientInfo {
  userAgent: string;
  ip: string;
}

/** Sign-in with MFA on stops here: the second step trades the challenge and a code for a session. */
export interface MfaChallenge {
  mfaRequired: true;
  challengeToken: string;
}

export interface SignedIn {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  sessionId: string;
  user: { id: string; email: string; emailVerified: boolean };
}

const invalidCredentials = () => new AppError('invalid_credentials', 401, 'The email or password is wrong');
const invalidRefresh = () =>
  new AppError('invalid_token', 401, 'The refresh token is invalid, expired or revoked: sign in again');

async function issueRefreshToken(tx: Tx, deps: AuthDeps, sessionId: string) {
  const token = newOpaqueToken();
  const expiresAt = new Date(deps.clock() + REFRESH_TTL_MS);
  await tx.insert(refreshTokens).values({ tokenHash: hashToken(token), sessionId, expiresAt });
  return { token, expiresAt };
}

async function signedIn(
  deps: AuthDeps,
  user: typeof users.$inferSelect,
  sessionId: string,
  refresh: { token: string; expiresAt: Date },
) {
  const emailVerified = user.emailVerifiedAt !== null;
  const access = await deps.issuer.issue(user.id, sessionId, { emailVerified });
  return {
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt.toISOString(),
    refreshToken: refresh.token,
    refreshTokenExpiresAt: refresh.expiresAt.toISOString(),
    sessionId,
    user: { id: user.id, email: user.email, emailVerified },
  } satisfies SignedIn;
}

/** Marks sessions revoked in the database and, after commit, everywhere access tokens are checked. */
export async function revokeSessions(
  deps: AuthDeps,
  where: ReturnType<typeof and>,
  reason: string,
): Promise<string[]> {
  const rows = await deps.db
    .update(sessions)
    .set({ revokedAt: new Date(deps.clock()), revokedReason: reason })
    .where(and(where, isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  const ids = rows.map((r) => r.id);
  await deps.revocations.revoke(ids);
  return ids;
}

/** Email + password sign-in. A sixth concurrent session revokes the oldest. */
export async function login(
  deps: AuthDeps,
  input: { email: string; password: string },
  client: ClientInfo,
): Promise<SignedIn | MfaChallenge> {
  // Counted per address whether or not an account exists, so the lock reveals nothing either.
  const lockKey = `${deps.limits.namespace}:login-lock:${input.email}`;
  const lockedFor = await deps.redis.pttl(lockKey);
  if (lockedFor > 0) throw new RateLimitedError(Math.ceil(lockedFor / 1000));
  const [user] = await deps.db.select().from(users).where(eq(users.email, input.email));
  const ok = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyNothing(input.password); // same cost as a wrong password: no enumeration by timing
  const failKey = `${deps.limits.namespace}:login-failures:${input.email}`;
  if (!ok || !user) {
    const { count } = await hit(deps.redis, failKey, {
      limit: LOCK_AFTER_FAILURES,
      windowMs: FAILURE_WINDOW_MS,
    });
    if (count >= LOCK_AFTER_FAILURES) await deps.redis.set(lockKey, '1', 'PX', lockMs(count));
    throw invalidCredentials();
  }
  await deps.redis.del(failKey);
  if (user.mfaEnabledAt) return { mfaRequired: true, challengeToken: await newMfaChallenge(deps, user.id) };
  return startSession(deps, user, client);
}

/** Opens a session for a user who has proven who they are (password, and second factor if on). */
export async function startSession(
  deps: AuthDeps,
  user: typeof users.$inferSelect,
  client: ClientInfo,
): Promise<SignedIn> {
  const { sessionId, refresh, evicted } = await deps.db.transaction(async (tx) => {
    const [session] = await tx
      .insert(sessions)
      .values({
        userId: user.id,
        userAgent: client.userAgent.slice(0, 300),
        ip: client.ip,
        expiresAt: new Date(deps.clock() + REFRESH_TTL_MS),
      })
      .returning({ id: sessions.id });
    const refresh = await issueRefreshToken(tx, deps, session!.id);
    const active = await tx
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.userId, user.id), isNull(sessions.revokedAt)))
      .orderBy(desc(sessions.createdAt), desc(sessions.id))
      .for('update');
    return { sessionId: session!.id, refresh, evicted: active.slice(MAX_SESSIONS).map((s) => s.id) };
  });
  if (evicted.length > 0) await revokeSessions(deps, inArray(sessions.id, evicted), 'session_limit');
  return signedIn(deps, user, sessionId, refresh);
}

/**
 * Rotates a refresh token. Presenting one that was already rotated away means two parties hold the
 * family (a stolen copy): the whole session is revoked.
 */
/**
 * A browser that reloads while a refresh is in flight can lose the rotated cookie and send the old token
 * again. That is forgiven for a few seconds, and only while the token it was replaced by has not been
 * used (the session's last use is still that rotation): a thief replaying a token after the owner moved
 * on is still caught. Okta and Auth0 keep the same kind of grace period.
 */
export const REUSE_GRACE_MS = 10_000;
const withinGrace = (rotatedAt: Date, sessionLastUsed: Date, now: Date) =>
  now.getTime() - rotatedAt.getTime() < REUSE_GRACE_MS && sessionLastUsed.getTime() === rotatedAt.getTime();

export async function refresh(deps: AuthDeps, raw: string): Promise<SignedIn> {
  const now = new Date(deps.clock());
  const outcome = await deps.db.transaction(async (tx) => {
    // Lock the token row: a concurrent second use of the same token waits, then sees it rotated.
    const [token] = await tx
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, hashToken(raw)))
      .for('update');
    const [session] = token
      ? await tx.select().from(sessions).where(eq(sessions.id, token.sessionId)).for('update')
      : [];
    const [user] = session ? await tx.select().from(users).where(eq(users.id, session.userId)) : [];
    const row = token && session && user ? { token, session, user } : undefined;
    if (!row || row.session.revokedAt || row.session.expiresAt <= now) return { kind: 'invalid' as const };
    if (row.token.rotatedAt && !withinGrace(row.token.rotatedAt, row.session.lastUsedAt, now)) {
      return { kind: 'reuse' as const, sessionId: row.session.id };
    }
    if (row.token.expiresAt <= now) return { kind: 'invalid' as const };
    // Retire every live token of the session (this one, or after a grace replay its unused successor).
    await tx
      .update(refreshTokens)
      .set({ rotatedAt: now })
      .where(and(eq(refreshTokens.sessionId, row.session.id), isNull(refreshTokens.rotatedAt)));
    const next = await issueRefreshToken(tx, deps, row.session.id);
    await tx
      .update(sessions)
      .set({ generation: row.session.generation + 1, lastUsedAt: now, expiresAt: next.expiresAt })
      .where(eq(sessions.id, row.session.id));
    return { kind: 'rotated' as const, user: row.user, sessionId: row.session.id, next };
  });
  if (outcome.kind === 'reuse') {
    await revokeSessions(deps, eq(sessions.id, outcome.sessionId), 'refresh_token_reuse');
    deps.log.warn({ sessionId: outcome.sessionId }, 'refresh token reuse: session revoked');
  }
  if (outcome.kind !== 'rotated') throw invalidRefresh();
  return signedIn(deps, outcome.user, outcome.sessionId, outcome.next);
}

export const logout = (deps: AuthDeps, auth: AuthClaims) =>
  revokeSessions(deps, eq(sessions.id, auth.sessionId), 'signed_out');

export const logoutEverywhere = (deps: AuthDeps, auth: AuthClaims) =>
  revokeSessions(deps, eq(sessions.userId, auth.userId), 'signed_out_everywhere');

/** The caller's active sessions (devices), the current one marked. */
export async function listSessions(deps: AuthDeps, auth: AuthClaims) {
  const rows = await deps.db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, auth.userId), isNull(sessions.revokedAt)))
    .orderBy(desc(sessions.lastUsedAt));
  return rows.map((s) => ({
    id: s.id,
    userAgent: s.userAgent,
    ip: s.ip,
    createdAt: s.createdAt.toISOString(),
    lastUsedAt: s.lastUsedAt.toISOString(),
    current: s.id === auth.sessionId,
  }));
}

/** Revokes one of the caller's sessions; someone else's (or an unknown id) is 404. */
export async function revokeSession(deps: AuthDeps, auth: AuthClaims, id: string): Promise<void> {
  const revoked = await revokeSessions(
    deps,
    and(eq(sessions.id, id), eq(sessions.userId, auth.userId)),
    'revoked_by_user',
  );
  if (revoked.length === 0) throw new NotFoundError('Session');
}
