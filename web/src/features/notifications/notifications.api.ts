import type { Channel, NotificationType, Settings } from '@atelier/shared/notifications/types';
import type { ApiClient, Page } from '../../lib/api';
import { query } from '../../lib/query';

export type { Channel, NotificationType, Settings };

/** An inbox item (shared/src/notifications/live.ts `notificationView`): `id` is also its SSE id. */
export interface Notification {
  id: number;
  type: string;
  title: string;
  data: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
}

/** functions/stream's inbox (docs/notifications.md). */
export const notificationsApi = (api: ApiClient) => ({
  list: (q: { cursor?: string; unread?: boolean; limit?: number } = {}) =>
    api.get<Page<Notification>>(
      `/v1/notifications${query({ limit: q.limit ?? 20, cursor: q.cursor, unread: q.unread ? 'true' : undefined })}`,
    ),
  unreadCount: () => api.get<{ count: number }>('/v1/notifications/unread-count'),
  markRead: (id: number) =>
    api.post<{ notification: Notification; unreadCount: number }>(`/v1/notifications/${id}/read`),
  markAllRead: () => api.post<{ updated: number; unreadCount: number }>('/v1/notifications/read-all'),
  settings: () => api.get<{ settings: Settings }>('/v1/notifications/settings'),
  saveSettings: (patch: Partial<Record<NotificationType, Partial<Record<Channel, boolean>>>>) =>
    api.put<{ settings: Settings }>('/v1/notifications/settings', patch),
});
export type NotificationsApi = ReturnType<typeof notificationsApi>;
