import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { notifications } from '@atelier/shared/db/schema';
import { NotFoundError, ValidationError } from '@atelier/shared/errors';
import { publishLive, toView } from '@atelier/shared/notifications/live';
import { saveSettings, settingsOf } from '@atelier/shared/notifications/settings';
import { effectiveSettings, type SettingsPatch } from '@atelier/shared/notifications/types';
import { and, count, desc, eq, isNull, lt } from 'drizzle-orm';
import type * as z from 'zod';
import type { StreamDeps } from './deps';
import type { listQuery } from './schemas';

/** Opaque like the other lists' cursors (base64url JSON), keyed by seq: newest first is seq order. */
const encodeCursor = (seq: number) => Buffer.from(JSON.stringify([seq])).toString('base64url');
function decodeCursor(cursor: string | undefined): number | undefined {
  if (!cursor) return undefined;
  try {
    const [seq] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof seq === 'number' && Number.isSafeInteger(seq) && seq > 0) return seq;
  } catch {}
  throw new ValidationError('Invalid query parameters', [
    { path: 'cursor', message: 'is not a cursor from this list' },
  ]);
}

const mine = (auth: AuthClaims) => eq(notifications.userId, auth.userId);

export async function listNotifications(deps: StreamDeps, auth: AuthClaims, q: z.infer<typeof listQuery>) {
  const before = decodeCursor(q.cursor);
  const rows = await deps.db
    .select()
    .from(notifications)
    .where(
      and(
        mine(auth),
        before ? lt(notifications.seq, before) : undefined,
        q.unread === 'true' ? isNull(notifications.readAt) : undefined,
      ),
    )
    .orderBy(desc(notifications.seq))
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return {
    items: items.map(toView),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.seq) : null,
  };
}

export async function unreadCount(deps: StreamDeps, auth: AuthClaims): Promise<number> {
  const [row] = await deps.db
    .select({ n: count() })
    .from(notifications)
    .where(and(mine(auth), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks one read (again is fine); others' ids are 404 like ids that do not exist. */
export async function markRead(deps: StreamDeps, auth: AuthClaims, id: number) {
  const now = new Date(deps.clock());
  const [updated] = await deps.db
    .update(notifications)
    .set({ readAt: now })
    .where(and(mine(auth), eq(notifications.seq, id), isNull(notifications.readAt)))
    .returning();
  const row =
    updated ??
    (
      await deps.db
        .select()
        .from(notifications)
        .where(and(mine(auth), eq(notifications.seq, id)))
    )[0];
  if (!row) throw new NotFoundError('Notification');
  const unread = await unreadCount(deps, auth);
  // Other tabs' badges follow.
  if (updated) await announce(deps, auth.userId, [id], unread);
  return { notification: toView(row), unreadCount: unread };
}

export async function markAllRead(deps: StreamDeps, auth: AuthClaims) {
  const rows = await deps.db
    .update(notifications)
    .set({ readAt: new Date(deps.clock()) })
    .where(and(mine(auth), isNull(notifications.readAt)))
    .returning({ seq: notifications.seq });
  if (rows.length > 0) await announce(deps, auth.userId, null, 0);
  return { updated: rows.length, unreadCount: 0 };
}

export async function getSettings(deps: StreamDeps, auth: AuthClaims) {
  const all = await settingsOf(deps.db, [auth.userId]);
  return { settings: all.get(auth.userId) ?? effectiveSettings([], {}) };
}

export async function putSettings(deps: StreamDeps, auth: AuthClaims, patch: SettingsPatch) {
  await saveSettings(deps.db, auth.userId, patch, new Date(deps.clock()));
  return getSettings(deps, auth);
}

async function announce(deps: StreamDeps, userId: string, ids: number[] | null, unread: number) {
  await publishLive(deps.redis, userId, { kind: 'read', ids, unreadCount: unread }).catch((err: Error) =>
    deps.log.warn({ err: err.message }, 'read state not published'),
  );
}
