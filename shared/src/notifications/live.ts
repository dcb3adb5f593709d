import * as z from 'zod';
import type { Redis } from '../redis';

/**
 * The live contract between notify (and the inbox API) and every stream replica: one Redis pub/sub
 * channel per user, JSON messages of `liveMessage` (docs/notifications.md).
 */
export const userChannel = (userId: string) => `notify:user:${userId}`;
export const USER_CHANNEL_PREFIX = 'notify:user:';

/** An inbox item as the API lists it and the stream sends it (`id` = seq = the SSE event id). */
export const notificationView = z.object({
  id: z.number().int().positive(),
  type: z.string(),
  title: z.string(),
  data: z.record(z.string(), z.unknown()),
  readAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type NotificationView = z.infer<typeof notificationView>;

export const liveMessage = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('notification'),
    /**
     * The user's previous inbox seq when this one was stored (null: the first). A replica whose
     * connection last sent `prev` sends this at once; one that sent less has missed something (a lost or
     * late message) and reads the gap from the inbox first.
     */
    prev: z.number().int().nullable(),
    notification: notificationView,
  }),
  z.object({
    kind: z.literal('progress'),
    type: z.string(),
    data: z.record(z.string(), z.unknown()),
    at: z.iso.datetime(),
  }),
  z.object({
    kind: z.literal('read'),
    /** The items marked read; null = all of them. */
    ids: z.array(z.number().int()).nullable(),
    unreadCount: z.number().int().min(0),
  }),
]);
export type LiveMessage = z.infer<typeof liveMessage>;

export function toView(row: {
  seq: number;
  type: string;
  title: string;
  data: Record<string, unknown>;
  readAt: Date | null;
  createdAt: Date;
}): NotificationView {
  return {
    id: row.seq,
    type: row.type,
    title: row.title,
    data: row.data,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Best effort: a lost message is caught up from the inbox on the next one or on reconnect. */
export async function publishLive(redis: Redis, userId: string, message: LiveMessage): Promise<void> {
  await redis.publish(userChannel(userId), JSON.stringify(message));
}
