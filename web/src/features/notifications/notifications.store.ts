import { config } from '../../config';
import { api as defaultApi } from '../../lib/api';
import { create } from '../../lib/store';
import { useSession } from '../auth/auth.store';
import { createTokenSource, type TokenSource } from './access-token';
import { type Notification, type NotificationsApi, notificationsApi } from './notifications.api';
import type { SseEvent } from './sse';
import { openStream, type Stream, type StreamStatus } from './stream';

/** What the stream says, for the bell and for screens that follow work live (the studio). */
export type LiveEvent =
  | { kind: 'notification'; notification: Notification }
  | { kind: 'progress'; type: string; data: Record<string, unknown> }
  | { kind: 'read'; ids: number[] | null; unreadCount: number };

export interface Toast {
  key: number;
  notification: Notification;
}

export interface NotificationsState {
  status: StreamStatus;
  /** Unread items in the inbox; null until first read. */
  unread: number | null;
  /** Live notifications shown as toasts (the newest last, at most MAX_TOASTS). */
  toasts: Toast[];
  /** Bumped by every notification or read change, so open lists reload. */
  changes: number;
  /** Opens the tab's one stream (reference counted); returns the matching stop. */
  connect(): () => void;
  refreshUnread(): Promise<void>;
  markRead(id: number): Promise<void>;
  markAllRead(): Promise<void>;
  dismissToast(key: number): void;
  /** Takes one event as the stream delivers it (the stream calls it; tests feed it). */
  receive(event: SseEvent): void;
  /** Called with every live event; returns the unsubscribe. */
  subscribe(listener: (e: LiveEvent) => void): () => void;
}

export const MAX_TOASTS = 3;

const parse = (s: string): Record<string, unknown> | null => {
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/** An SSE event of functions/stream (docs/notifications.md) as a LiveEvent; null for the rest. */
export function toLiveEvent(e: SseEvent): LiveEvent | null {
  const d = parse(e.data);
  if (!d) return null;
  if (e.event === 'notification' && typeof d.id === 'number' && typeof d.type === 'string')
    return { kind: 'notification', notification: d as unknown as Notification };
  if (e.event === 'progress' && typeof d.type === 'string')
    return { kind: 'progress', type: d.type, data: (d.data as Record<string, unknown>) ?? {} };
  if (e.event === 'read' && typeof d.unreadCount === 'number')
    return {
      kind: 'read',
      ids: Array.isArray(d.ids) ? (d.ids as number[]) : null,
      unreadCount: d.unreadCount,
    };
  return null;
}

export interface NotificationsDeps {
  inbox: NotificationsApi;
  tokens: TokenSource;
  streamUrl: string;
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  baseDelayMs?: number;
}

export function createNotificationsStore(deps: NotificationsDeps) {
  const listeners = new Set<(e: LiveEvent) => void>();
  let stream: Stream | null = null;
  let users = 0;
  let toastKey = 0;

  return create<NotificationsState>()((set, get) => {
    function onEvent(e: SseEvent) {
      // `ready` opens every (re)connection: what was read or missed meanwhile is in the count.
      if (e.event === 'ready' || e.event === 'truncated') {
        set((s) => ({ changes: s.changes + 1 }));
        void get().refreshUnread();
        return;
      }
      const live = toLiveEvent(e);
      if (!live) return;
      if (live.kind === 'notification') {
        const n = live.notification;
        set((s) => ({
          unread: n.readAt ? s.unread : (s.unread ?? 0) + 1,
          toasts: [...s.toasts, { key: ++toastKey, notification: n }].slice(-MAX_TOASTS),
          changes: s.changes + 1,
        }));
      } else if (live.kind === 'read') {
        set((s) => ({ unread: live.unreadCount, changes: s.changes + 1 }));
      }
      for (const l of listeners) l(live);
    }

    return {
      status: 'idle',
      unread: null,
      toasts: [],
      changes: 0,
      connect() {
        users++;
        if (!stream) {
          stream = openStream({
            url: deps.streamUrl,
            token: (fresh) => deps.tokens.get(fresh),
            onEvent,
            onStatus: (status) => set({ status }),
            fetch: deps.fetch,
            baseDelayMs: deps.baseDelayMs,
          });
        }
        let stopped = false;
        return () => {
          if (stopped) return;
          stopped = true;
          if (--users === 0) {
            stream?.close();
            stream = null;
            set({ status: 'idle', toasts: [], unread: null });
          }
        };
      },
      async refreshUnread() {
        // A notification or read that lands while the count is on its way may not be in it: ask again.
        for (let tries = 0; tries < 3; tries++) {
          const seen = get().changes;
          try {
            const { count } = await deps.inbox.unreadCount();
            if (get().changes === seen) return set({ unread: count });
          } catch {
            return; // the badge keeps its last count; the next event or reconnect asks again
          }
        }
      },
      async markRead(id) {
        const { unreadCount } = await deps.inbox.markRead(id);
        set((s) => ({ unread: unreadCount, changes: s.changes + 1 }));
      },
      async markAllRead() {
        await deps.inbox.markAllRead();
        set((s) => ({ unread: 0, changes: s.changes + 1 }));
      },
      receive: onEvent,
      dismissToast: (key) => set((s) => ({ toasts: s.toasts.filter((t) => t.key !== key) })),
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
  });
}

export const accessTokens = createTokenSource(defaultApi);

export const useNotifications = createNotificationsStore({
  inbox: notificationsApi(defaultApi),
  tokens: accessTokens,
  streamUrl: `${config.apiBase}/v1/stream`,
});

// A token cached for one user must never serve the next one to sign in on this tab.
useSession.subscribe((s, prev) => {
  if (s.status !== 'signedIn' || s.user?.id !== prev.user?.id) accessTokens.clear();
});
