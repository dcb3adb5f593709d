import { Hono } from 'hono';
import { getStatus, type StatusDeps } from '../status.service';

export function statusRoutes(deps: StatusDeps) {
  return new Hono().get('/v1/status', async (c) => {
    const status = await getStatus(deps);
    return c.json(status, status.status === 'ok' ? 200 : 503);
  });
}
