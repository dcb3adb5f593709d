import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../../../lib/i18n';
import { useSession } from '../../auth/auth.store';
import { useNotifications } from '../notifications.store';
import { NotificationBell } from './notification-bell';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
const item = (id: number, readAt: string | null = null) => ({
  id,
  type: 'generation.final_ready',
  title: 'The final for "Lemonade" is ready',
  data: { projectId: 'p1', projectName: 'Lemonade', generationId: 'g1' },
  readAt,
  createdAt: '2026-01-02T10:00:00Z',
});

/** The inbox API and an SSE stream the test writes to. */
function platform() {
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;
  const calls: string[] = [];
  let unread = 2;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const path = new URL(url, 'http://x').pathname;
      calls.push(`${init.method ?? 'GET'} ${path}`);
      if (path === '/v1/auth/refresh')
        return json(200, {
          accessToken: 'tok',
          accessTokenExpiresAt: new Date(Date.now() + 900_000).toISOString(),
          sessionId: 's',
          user: { id: 'u1', email: 'a@example.com', emailVerified: true },
        });
      if (path === '/v1/stream') {
        expect((init.headers as Record<string, string>).authorization).toBe('Bearer tok');
        const body = new ReadableStream<Uint8Array>({ start: (c) => (ctrl = c) });
        return new Response(body, { status: 200 });
      }
      if (path === '/v1/notifications/unread-count') return json(200, { count: unread });
      if (path === '/v1/notifications')
        return json(200, { items: [item(9), item(8, 'x')], nextCursor: null });
      if (path === '/v1/notifications/read-all') {
        unread = 0;
        return json(200, { updated: 2, unreadCount: 0 });
      }
      return json(404, { error: { code: 'not_found', message: 'no' } });
    }),
  );
  const enc = new TextEncoder();
  return {
    calls,
    send: (s: string) => ctrl.enqueue(enc.encode(s)),
    setUnread: (n: number) => {
      unread = n;
    },
  };
}

function renderBell() {
  const router = createMemoryRouter([{ path: '*', Component: NotificationBell }], { initialEntries: ['/'] });
  render(<RouterProvider router={router} />);
}

describe('notification bell', () => {
  beforeAll(async () => {
    await initI18n('en-US');
    useSession.setState({
      status: 'signedIn',
      user: { id: 'u1', email: 'a@example.com', emailVerified: true },
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows the unread count, counts a pushed notification and toasts it without taking focus', async () => {
    const api = platform();
    renderBell();
    expect(await screen.findByRole('button', { name: 'Notifications, unread: 2' })).toBeTruthy();
    await waitFor(() => expect(useNotifications.getState().status).toBe('open'));
    const before = document.activeElement;
    api.setUnread(3);
    api.send('event: ready\nid: 8\ndata: {"lastEventId":8}\n\n');
    api.send(`event: notification\nid: 10\ndata: ${JSON.stringify(item(10))}\n\n`);
    expect(await screen.findByRole('button', { name: 'Notifications, unread: 3' })).toBeTruthy();
    const toasts = screen.getByRole('region', { name: 'Live notifications' });
    expect(within(toasts).getByText('The final image for “Lemonade” is ready.')).toBeTruthy();
    expect(within(toasts).getByRole('link', { name: 'Open' }).getAttribute('href')).toBe(
      '/projects/p1/studio?generation=g1',
    );
    expect(document.activeElement).toBe(before);
    await userEvent.click(within(toasts).getByRole('button', { name: 'Dismiss' }));
    expect(within(toasts).queryByText('The final image for “Lemonade” is ready.')).toBeNull();

    // The drop-down lists the latest and marks all read; another tab's read event sets the count too.
    await userEvent.click(screen.getByRole('button', { name: 'Notifications, unread: 3' }));
    expect(
      await screen.findAllByRole('link', { name: 'The final image for “Lemonade” is ready.' }),
    ).toHaveLength(2);
    await userEvent.click(screen.getByRole('button', { name: 'Mark all as read' }));
    expect(await screen.findByRole('button', { name: 'Notifications' })).toBeTruthy();
    expect(api.calls).toContain('POST /v1/notifications/read-all');
    api.send('event: read\ndata: {"ids":null,"unreadCount":4}\n\n');
    expect(await screen.findByRole('button', { name: 'Notifications, unread: 4' })).toBeTruthy();
    await userEvent.keyboard('{Escape}');
  });
});
