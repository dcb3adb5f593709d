import { parseJson, parseParams, parseQuery } from '@atelier/shared/http/validate';
import { settingsPatch } from '@atelier/shared/notifications/types';
import { Hono } from 'hono';
import type { StreamDeps } from './deps';
import {
  getSettings,
  listNotifications,
  markAllRead,
  markRead,
  putSettings,
  unreadCount,
} from './inbox.service';
import { idParams, listQuery } from './schemas';

/** The inbox (docs/notifications.md). Every route sits behind requireAuth (app.ts). */
export function inboxRoutes(deps: StreamDeps) {
  return new Hono()
    .get('/v1/notifications', async (c) =>
      c.json(await listNotifications(deps, c.get('auth'), parseQuery(c, listQuery))),
    )
    .get('/v1/notifications/unread-count', async (c) =>
      c.json({ count: await unreadCount(deps, c.get('auth')) }),
    )
    .post('/v1/notifications/read-all', async (c) => c.json(await markAllRead(deps, c.get('auth'))))
    .get('/v1/notifications/settings', async (c) => c.json(await getSettings(deps, c.get('auth'))))
    .put('/v1/notifications/settings', async (c) =>
      c.json(await putSettings(deps, c.get('auth'), await parseJson(c, settingsPatch))),
    )
    .post('/v1/notifications/:id/read', async (c) =>
      c.json(await markRead(deps, c.get('auth'), parseParams(c, idParams).id)),
    );
}
