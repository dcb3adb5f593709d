import type { Db } from '@atelier/shared/db';
import { parseQuery } from '@atelier/shared/http/validate';
import { Hono } from 'hono';
import { listEvents } from '../audit.service';
import { listEventsQuery } from '../schemas';

export function eventLogRoutes(db: Db) {
  return new Hono().get('/v1/ops/events', async (c) => {
    const query = parseQuery(c, listEventsQuery);
    return c.json(await listEvents(db, query));
  });
}
